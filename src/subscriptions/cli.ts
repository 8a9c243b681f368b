import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { subscriptionsToCsv } from './csv.ts';
import { EmailSchema } from './email-address.ts';
import { SubscriptionStore } from './store.ts';

/** Opens the configured database (migrated), runs `work`, and always closes it. */
async function withStore<T>(work: (store: SubscriptionStore) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(handle.db);
    return await work(new SubscriptionStore(handle.db));
  } finally {
    await handle.close();
  }
}

export const subscribersExportCommand: Command = {
  name: 'subscribers export',
  usage: 'rxsafety subscribers export --out file.csv',
  summary: 'Write every subscription (with its consent record) to a CSV file',
  async run(args, io) {
    const { values } = parseArgs({ args, options: { out: { type: 'string' } } });
    if (!values.out) throw new UsageError('Say where to write the CSV with --out file.csv');
    const records = await withStore((store) => store.list());
    // Personal data: readable by the owner only.
    writeFileSync(values.out, subscriptionsToCsv(records), { mode: 0o600 });
    io.out(`wrote ${records.length} subscription${records.length === 1 ? '' : 's'} to ${values.out}`);
    return EXIT.ok;
  },
};

export const subscribersDeleteCommand: Command = {
  name: 'subscribers delete',
  usage: 'rxsafety subscribers delete <email>',
  summary: 'Erase everything held about one email address',
  async run(args, io) {
    const { positionals } = parseArgs({ args, allowPositionals: true });
    const parsed = EmailSchema.safeParse(positionals[0] ?? '');
    if (!parsed.success || positionals.length !== 1) throw new UsageError('Give exactly one email address');
    const erased = await withStore((store) => store.erase(parsed.data));
    io.out(erased > 0 ? 'erased: nothing is held about that address any more' : 'nothing was held about that address');
    return EXIT.ok;
  },
};

export const subscribersPurgeCommand: Command = {
  name: 'subscribers purge',
  usage: 'rxsafety subscribers purge',
  summary: 'Delete sign-ups left unconfirmed for 7 days (the server also does this hourly)',
  async run(_args, io) {
    const purged = await withStore((store) => store.purgeUnconfirmed(new Date()));
    io.out(`purged ${purged} unconfirmed sign-up${purged === 1 ? '' : 's'}`);
    return EXIT.ok;
  },
};

export const subscriptionsCommands: Command[] = [subscribersExportCommand, subscribersDeleteCommand, subscribersPurgeCommand];
