import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { pipeline } from 'node:stream';
import { AppError } from '../errors/catalogue.ts';
import type { RawFacility } from './facility.ts';
import { isServiceCode, mergeServices, servicesFromCodes, servicesFromTexts } from './service-codes.ts';

export const importFormats = ['findtreatment-json', 'findtreatment-csv', 'csv'] as const;
export type ImportFormat = (typeof importFormats)[number];

/** One row read from a file: the raw facility, or why it could not be read. `line` is the CSV line. */
export interface ReadRow {
  /** 1-based position among the data rows (rows[] for JSON). */
  row: number;
  /** 1-based line in a CSV file (the header is line 1); absent for JSON. */
  line?: number;
  raw?: RawFacility;
  error?: string;
}

export type ImportInput = string | Buffer | AsyncIterable<string | Buffer>;

/** Guesses the format from the file name and its first bytes; `--format` overrides it. */
export function detectFormat(head: string, fileName = ''): ImportFormat {
  const start = head.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('{') || start.startsWith('[') || /\.json$/i.test(fileName)) return 'findtreatment-json';
  const header = start.split(/\r?\n/, 1)[0] ?? '';
  const columns = header.split(',').map((c) => c.replace(/^"|"$/g, '').trim());
  return columns.filter(isServiceCode).length >= 3 ? 'findtreatment-csv' : 'csv';
}

export async function* readFacilities(input: ImportInput, format: ImportFormat): AsyncGenerator<ReadRow> {
  if (format === 'findtreatment-json') yield* readLocatorJson(await collectText(input));
  else yield* readCsv(input, format);
}

async function collectText(input: ImportInput): Promise<string> {
  if (typeof input === 'string') return input;
  if (Buffer.isBuffer(input)) return input.toString('utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

/** The FindTreatment.gov locator API response: `{ rows: [{ name1, …, services: [{ f1, f2, f3 }] }] }`. */
function* readLocatorJson(body: string): Generator<ReadRow> {
  let document: unknown;
  try {
    document = JSON.parse(body.replace(/^\uFEFF/, ''));
  } catch {
    throw new AppError('bad-request', 'The file is not valid JSON. A findtreatment-json import expects the locator API response ({ "rows": [...] }).');
  }
  const rows = Array.isArray(document) ? document : (document as { rows?: unknown })?.rows;
  if (!Array.isArray(rows)) throw new AppError('bad-request', 'The JSON has no "rows" array: a findtreatment-json import expects the locator API response ({ "rows": [...] }).');
  for (const [index, row] of rows.entries()) {
    if (!row || typeof row !== 'object') {
      yield { row: index + 1, error: 'not an object' };
      continue;
    }
    const r = row as Record<string, unknown>;
    const services = Array.isArray(r.services) ? r.services : [];
    // f3 lists the service phrases of one category, separated by "; ".
    const phrases = services.flatMap((s) => (typeof (s as { f3?: unknown })?.f3 === 'string' ? (s as { f3: string }).f3.split(';') : []));
    yield {
      row: index + 1,
      raw: {
        sourceId: text(r.frid) ?? text(r.id),
        name: joinName(text(r.name1), text(r.name2)),
        street: joinName(text(r.street1), text(r.street2), ', '),
        city: text(r.city),
        state: text(r.state),
        zip: text(r.zip),
        phone: text(r.phone) || text(r.intake1),
        website: text(r.website),
        lat: text(r.latitude),
        lon: text(r.longitude),
        services: servicesFromTexts(phrases),
        lastVerified: text(r.lastVerified) ?? text(r.last_verified) ?? text(r.lastUpdated),
      },
    };
  }
}

function joinName(first: string | null, second: string | null, separator = ': '): string | null {
  const a = (first ?? '').trim();
  const b = (second ?? '').trim();
  return a && b ? `${a}${separator}${b}` : a || b || null;
}

/** Column names the plain exports use for each field, compared case- and punctuation-insensitively. */
const aliases = {
  sourceId: ['id', 'frid', 'sourceid', 'facilityid'],
  name: ['name', 'name1', 'programname', 'facilityname', 'facility'],
  name2: ['name2'],
  street: ['street', 'street1', 'address', 'address1', 'streetaddress'],
  street2: ['street2', 'address2'],
  city: ['city'],
  state: ['state', 'st'],
  zip: ['zip', 'zipcode', 'postalcode', 'zip5'],
  phone: ['phone', 'telephone', 'phonenumber', 'intake1'],
  website: ['website', 'url', 'web'],
  lat: ['latitude', 'lat'],
  lon: ['longitude', 'lon', 'lng', 'long'],
  lastVerified: ['lastverified', 'lastupdated', 'verifiedon', 'updated'],
} as const;

const squash = (header: string) => header.toLowerCase().replace(/[^a-z0-9]/g, '');

function columnFinder(headers: string[]) {
  const index = new Map(headers.map((h, i) => [squash(h), i] as const));
  const pick = (field: keyof typeof aliases) => {
    for (const alias of aliases[field]) {
      const i = index.get(alias);
      if (i !== undefined) return i;
    }
    return undefined;
  };
  return Object.fromEntries(Object.keys(aliases).map((f) => [f, pick(f as keyof typeof aliases)])) as Record<keyof typeof aliases, number | undefined>;
}

async function* readCsv(input: ImportInput, format: 'findtreatment-csv' | 'csv'): AsyncGenerator<ReadRow> {
  const source = typeof input === 'string' || Buffer.isBuffer(input) ? Readable.from([input]) : Readable.from(input);
  const parser = parse({ bom: true, info: true, relax_column_count: true, skip_empty_lines: true, trim: true });
  // pipeline (not pipe) hands a read failure on to the parser, so the import fails instead of hanging.
  pipeline(source, parser, () => {});
  let headers: string[] | undefined;
  let columns: ReturnType<typeof columnFinder> | undefined;
  let codeColumns: { index: number; code: string }[] = [];
  let textColumns: number[] = [];
  let row = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      if (!headers) {
        headers = record;
        columns = columnFinder(headers);
        codeColumns = headers.map((h, index) => ({ index, code: h.trim() })).filter((c) => isServiceCode(c.code));
        // Any "…services…" column (and the MOUD file's category) holds service phrases.
        textColumns = headers.map((h, i) => [squash(h), i] as const).filter(([h]) => h.includes('service') || h === 'moudcategory').map(([, i]) => i);
        if (columns.name === undefined) {
          throw new AppError('bad-request', `The CSV header has no name column (looked for ${aliases.name.join(', ')}); found: ${headers.slice(0, 12).join(', ')}.`);
        }
        if (format === 'findtreatment-csv' && codeColumns.length === 0) {
          throw new AppError('bad-request', 'The file has no service-code columns: a findtreatment-csv import expects the bulk export layout (address columns, then one 0/1 column per service code). Use --format csv for a plain CSV.');
        }
        continue;
      }
      row += 1;
      const c = columns!;
      const at = (i: number | undefined) => (i === undefined ? null : (record[i] ?? null));
      const fromCodes = servicesFromCodes(codeColumns.filter(({ index }) => /^(1|y|yes|true)$/i.test(record[index] ?? '')).map((c) => c.code));
      const fromTexts = servicesFromTexts(textColumns.flatMap((i) => (record[i] ?? '').split(';')));
      yield {
        row,
        line: info.lines,
        raw: {
          sourceId: at(c.sourceId),
          name: joinName(at(c.name), at(c.name2)),
          street: joinName(at(c.street), at(c.street2), ', '),
          city: at(c.city),
          state: at(c.state),
          zip: at(c.zip),
          phone: at(c.phone),
          website: at(c.website),
          lat: at(c.lat),
          lon: at(c.lon),
          services: mergeServices(fromCodes, fromTexts),
          lastVerified: at(c.lastVerified),
        },
      };
    }
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const where = (error as { lines?: number }).lines;
    throw new AppError('bad-request', `The CSV could not be read${where ? ` at line ${where}` : ''}: ${(error as Error).message.replace(/\s+/g, ' ').slice(0, 200)}`);
  }
  if (!headers) throw new AppError('bad-request', 'The CSV file is empty.');
}
