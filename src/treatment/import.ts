import { validateFacility, type Facility } from './facility.ts';
import { readFacilities, type ImportFormat, type ImportInput } from './importers.ts';
import { WRITE_BATCH, type FacilityRepository } from './repository.ts';

export interface RejectedRow {
  /** 1-based data row (rows[] index for JSON). */
  row: number;
  /** 1-based line of a CSV file (the header is line 1). */
  line?: number;
  reason: string;
}

export interface ImportSummary {
  source: string;
  format: ImportFormat;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** The first MAX_REPORTED_REJECTIONS rejections, with where and why. */
  rejectedRows: RejectedRow[];
}

export interface ImportOptions {
  format: ImportFormat;
  /** Recorded on every row: where the data came from (e.g. "findtreatment-csv:listing.csv"). */
  source: string;
  /** Called every `progressEvery` rows read (long imports show progress). */
  onProgress?: (rowsRead: number) => void;
  progressEvery?: number;
  batchSize?: number;
}

export const MAX_REPORTED_REJECTIONS = 1000;

/**
 * Imports a file of facilities in one transaction: valid rows are inserted or updated (keyed by
 * source id, or by name and address), invalid ones are reported with their line and reason, and a
 * failure part-way (a read error, a crash) rolls everything back so the previous data stays.
 */
export async function importFacilities(repository: FacilityRepository, input: ImportInput, options: ImportOptions): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? WRITE_BATCH;
  const progressEvery = options.progressEvery ?? 5000;
  const rejectedRows: RejectedRow[] = [];
  let rejected = 0;
  let read = 0;
  const reject = (entry: RejectedRow) => {
    rejected += 1;
    if (rejectedRows.length < MAX_REPORTED_REJECTIONS) rejectedRows.push(entry);
  };
  const result = await repository.importInTransaction(options.source, async (writer) => {
    // Two rows that are the same facility would make the upsert touch one row twice in a statement.
    const seen = new Map<string, string>();
    let batch: Facility[] = [];
    for await (const item of readFacilities(input, options.format)) {
      read += 1;
      if (options.onProgress && read % progressEvery === 0) options.onProgress(read);
      const where = item.line !== undefined ? `line ${item.line}` : `row ${item.row}`;
      if (!item.raw) {
        reject({ row: item.row, line: item.line, reason: item.error ?? 'unreadable row' });
        continue;
      }
      const validation = validateFacility(item.raw);
      if (!validation.ok) {
        reject({ row: item.row, line: item.line, reason: validation.reason });
        continue;
      }
      const first = seen.get(validation.facility.id);
      if (first) {
        reject({ row: item.row, line: item.line, reason: `same facility as ${first} (same ${validation.facility.sourceId ? 'source id' : 'name and address'})` });
        continue;
      }
      seen.set(validation.facility.id, where);
      batch.push(validation.facility);
      if (batch.length >= batchSize) {
        await writer.write(batch);
        batch = [];
      }
    }
    await writer.write(batch);
    return { format: options.format, rejected };
  });
  if (options.onProgress && read % progressEvery !== 0) options.onProgress(read);
  return {
    source: options.source,
    format: options.format,
    read,
    inserted: result.inserted,
    updated: result.updated,
    unchanged: result.unchanged,
    rejected,
    rejectedRows,
  };
}
