import { createReadStream, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { EXIT, UsageError, type Command } from '../cli/command.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase, type DatabaseHandle } from '../db/database.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { FacilityFinder } from './finder.ts';
import { facilityToDto, FacilityQuerySchema, toFacilityQuery } from './http/api.ts';
import { importFacilities } from './import.ts';
import { detectFormat, importFormats, type ImportFormat } from './importers.ts';
import { FacilityRepository } from './repository.ts';
import { categories, categoryLabels, serviceLabel, type Category } from './service-codes.ts';

async function withDatabase<T>(work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await migrateToLatest(database.db);
    return await work(database);
  } finally {
    await database.close();
  }
}

export const facilitiesImportCommand: Command = {
  name: 'facilities import',
  usage: `rxsafety facilities import <file> [--format ${importFormats.join(' | ')}] [--json]`,
  summary: 'Import treatment facilities (one transaction; re-importing updates, never duplicates)',
  async run(args, io) {
    const { values, positionals } = parseArgs({ args, options: { format: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new UsageError('Name one file to import, e.g. rxsafety facilities import FindTreatment_Facility_listing.csv');
    if (values.format && !(importFormats as readonly string[]).includes(values.format)) throw new UsageError(`--format must be one of: ${importFormats.join(', ')}`);
    let head: string;
    try {
      head = readFileSync(file).subarray(0, 4096).toString('utf8');
    } catch {
      throw new UsageError(`Cannot read ${file}.`);
    }
    const format = (values.format as ImportFormat | undefined) ?? detectFormat(head, file);
    const summary = await withDatabase((database) =>
      importFacilities(new FacilityRepository(database.db), createReadStream(file), {
        format,
        source: `${format}:${basename(file)}`,
        onProgress: (rows) => io.err(`… ${rows} rows read`),
      }),
    );
    if (values.json) {
      io.out(JSON.stringify(summary, null, 2));
      return EXIT.ok;
    }
    const lines = [
      `${basename(file)} (${format}): ${summary.read} rows read; ${summary.inserted} inserted, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.rejected} rejected.`,
      ...summary.rejectedRows.slice(0, 50).map((r) => `  ${r.line !== undefined ? `line ${r.line}` : `row ${r.row}`}: ${r.reason}`),
    ];
    if (summary.rejected > 50) lines.push(`  … and ${summary.rejected - 50} more (use --json for up to 1000)`);
    io.out(lines.join('\n'));
    return EXIT.ok;
  },
};

export const facilitiesNearCommand: Command = {
  name: 'facilities near',
  usage: 'rxsafety facilities near <zip | lat,lon> [--radius 25] [--care|--setting|--mat|--payment|--language|--age <value>] [--page 1] [--json]',
  summary: 'Treatment facilities near a ZIP code, nearest first, with phone numbers',
  async run(args, io) {
    const { values: parsedValues, positionals } = parseArgs({
      args,
      options: {
        radius: { type: 'string' },
        page: { type: 'string' },
        json: { type: 'boolean' },
        ...Object.fromEntries(categories.map((c) => [c, { type: 'string' as const }])),
      },
      allowPositionals: true,
    });
    const values = parsedValues as { radius?: string; page?: string; json?: boolean } & Partial<Record<Category, string>>;
    const where = positionals.join('').trim();
    if (!where) throw new UsageError('Give a ZIP code or "lat,lon", e.g. rxsafety facilities near 22902 --setting detox');
    const parsed = FacilityQuerySchema.safeParse({
      radiusMiles: values.radius,
      page: values.page,
      ...(where.includes(',') ? { near: where } : { zip: where }),
      ...Object.fromEntries(categories.map((c) => [c, values[c]])),
    });
    if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `${i.path.join('.') === 'radiusMiles' ? '--radius' : i.path.join('.') === 'near' || i.path.join('.') === 'zip' ? i.path.join('.') : `--${i.path.join('.')}`}: ${i.message}`).join('; '));
    const result = await withDatabase(async (database) => {
      const finder = new FacilityFinder(new FacilityRepository(database.db));
      await finder.rebuild();
      return { indexed: finder.indexedCount, ...(await finder.search(toFacilityQuery(parsed.data))) };
    });
    if (values.json) {
      const { indexed: _indexed, facilities, ...rest } = result;
      io.out(JSON.stringify(Object.assign({}, rest, { facilities: facilities.map(facilityToDto) }), null, 2));
      return EXIT.ok;
    }
    if (result.indexed === 0) {
      io.out('No facility data is loaded yet: run rxsafety facilities import <file>. Meanwhile: SAMHSA National Helpline 1-800-662-4357.');
      return EXIT.found;
    }
    const lines = [`${result.total} within ${result.radiusMiles} miles of ${result.origin.label} (page ${result.page}):`];
    for (const f of result.facilities) {
      lines.push(
        '',
        `${f.distanceMiles.toFixed(1)} mi  ${f.name}`,
        `  ${f.phone ?? 'no phone listed'}  ·  ${[f.address.street, f.address.city, `${f.address.state} ${f.address.zip}`].filter(Boolean).join(', ')}`,
        ...categories.filter((c) => f.services[c].length > 0).map((c) => `  ${categoryLabels[c]}: ${f.services[c].map((id) => serviceLabel(c, id)).join(', ')}`),
      );
    }
    lines.push('', 'Call before you go. SAMHSA National Helpline: 1-800-662-4357. This list does not replace your prescriber.');
    io.out(lines.join('\n'));
    return result.total === 0 ? EXIT.found : EXIT.ok;
  },
};

export const treatmentCommands: Command[] = [facilitiesImportCommand, facilitiesNearCommand];
