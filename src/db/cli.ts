import { parseArgs } from 'node:util';
import { EXIT, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from './database.ts';
import { migrateToLatest } from './migrate.ts';

export const dbMigrateCommand: Command = {
  name: 'db migrate',
  usage: 'rxsafety db migrate',
  summary: 'Bring the database (DATABASE_URL, or the SQLite file in DATA_DIR) to the latest schema',
  async run(args, io) {
    parseArgs({ args, options: {} });
    const config = loadConfig();
    const database = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
    try {
      const applied = await migrateToLatest(database.db);
      io.out(applied.length > 0 ? `${database.description}: applied ${applied.join(', ')}` : `${database.description}: already up to date`);
      return EXIT.ok;
    } finally {
      await database.close();
    }
  },
};

export const dbCommands: Command[] = [dbMigrateCommand];
