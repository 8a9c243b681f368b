import { createHash, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { Facility } from './facility.ts';
import { emptyServices, type Services } from './service-codes.ts';
import type { FacilitiesTable } from './tables.ts';

export interface ImportCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** What the geographic index keeps in memory for every facility. */
export interface IndexEntry {
  id: string;
  lat: number;
  lon: number;
  services: Services;
}

/** Rows written per statement: well under SQLite's and PostgreSQL's bound-parameter limits (17 columns). */
export const WRITE_BATCH = 500;

function toRow(facility: Facility, source: string, importedAt: string): FacilitiesTable {
  const row = {
    id: facility.id,
    source_id: facility.sourceId,
    name: facility.name,
    street: facility.address.street,
    city: facility.address.city,
    state: facility.address.state,
    zip: facility.address.zip,
    phone: facility.phone,
    website: facility.website,
    lat: facility.location.lat,
    lon: facility.location.lon,
    location_from_zip: facility.locationFromZip ? 1 : 0,
    services: JSON.stringify(facility.services),
    source,
    last_verified: facility.lastVerified,
  };
  // The hash leaves out when and from which file, so the same facts re-imported count as unchanged.
  const { source: _source, ...facts } = row;
  const content_hash = createHash('sha256').update(JSON.stringify(facts)).digest('hex');
  return Object.assign({}, row, { content_hash, imported_at: importedAt });
}

/** A facility as the database keeps it: the record, where it came from and when it was imported. */
export type StoredFacility = Facility & { source: string; importedAt: string };

export function rowToFacility(row: FacilitiesTable): StoredFacility {
  return {
    id: row.id,
    sourceId: row.source_id,
    name: row.name,
    address: { street: row.street, city: row.city, state: row.state, zip: row.zip },
    phone: row.phone,
    website: row.website,
    location: { lat: Number(row.lat), lon: Number(row.lon) },
    locationFromZip: Number(row.location_from_zip) === 1,
    services: Object.assign(emptyServices(), JSON.parse(row.services) as Partial<Services>),
    lastVerified: row.last_verified,
    source: row.source,
    importedAt: row.imported_at,
  };
}

/**
 * One import's writes, inside the transaction the caller opened: `write` upserts a batch and says how
 * many rows were new, changed or the same.
 */
export class FacilityWriter {
  readonly counts: ImportCounts = { inserted: 0, updated: 0, unchanged: 0 };
  constructor(
    private readonly trx: Db,
    private readonly source: string,
    private readonly importedAt: string,
  ) {}

  async write(facilities: Facility[]): Promise<void> {
    for (let start = 0; start < facilities.length; start += WRITE_BATCH) {
      const rows = facilities.slice(start, start + WRITE_BATCH).map((f) => toRow(f, this.source, this.importedAt));
      const existing = new Map(
        (await this.trx.selectFrom('facilities').select(['id', 'content_hash']).where('id', 'in', rows.map((r) => r.id)).execute()).map(
          (r) => [r.id, r.content_hash] as const,
        ),
      );
      const changed = rows.filter((r) => existing.get(r.id) !== r.content_hash);
      for (const r of rows) {
        const previous = existing.get(r.id);
        if (previous === undefined) this.counts.inserted += 1;
        else if (previous === r.content_hash) this.counts.unchanged += 1;
        else this.counts.updated += 1;
      }
      if (changed.length === 0) continue;
      await this.trx
        .insertInto('facilities')
        .values(changed)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            source_id: eb.ref('excluded.source_id'),
            name: eb.ref('excluded.name'),
            street: eb.ref('excluded.street'),
            city: eb.ref('excluded.city'),
            state: eb.ref('excluded.state'),
            zip: eb.ref('excluded.zip'),
            phone: eb.ref('excluded.phone'),
            website: eb.ref('excluded.website'),
            lat: eb.ref('excluded.lat'),
            lon: eb.ref('excluded.lon'),
            location_from_zip: eb.ref('excluded.location_from_zip'),
            services: eb.ref('excluded.services'),
            source: eb.ref('excluded.source'),
            content_hash: eb.ref('excluded.content_hash'),
            imported_at: eb.ref('excluded.imported_at'),
            last_verified: eb.ref('excluded.last_verified'),
          })),
        )
        .execute();
    }
  }
}

export interface ImportRecord extends ImportCounts {
  source: string;
  format: string;
  rejected: number;
  finishedAt: string;
}

/** The facilities table, over Kysely: the same queries on SQLite and PostgreSQL. */
export class FacilityRepository {
  constructor(readonly db: Db) {}

  /**
   * Runs one import in one transaction: if `work` throws half-way, nothing it wrote is kept and the
   * previous data stays as it was.
   */
  async importInTransaction<T>(source: string, work: (writer: FacilityWriter) => Promise<T & { format: string; rejected: number }>): Promise<T & { format: string; rejected: number } & ImportCounts> {
    const importedAt = new Date().toISOString();
    return this.db.transaction().execute(async (trx) => {
      const writer = new FacilityWriter(trx, source, importedAt);
      const result = await work(writer);
      await trx
        .insertInto('facility_imports')
        .values({ id: randomUUID(), source, format: result.format, finished_at: new Date().toISOString(), ...writer.counts, rejected: result.rejected })
        .execute();
      return Object.assign({}, result, writer.counts);
    });
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('facilities').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Changes whenever any server finishes an import; cheap enough to ask every few seconds. */
  async dataVersion(): Promise<number> {
    const row = await this.db.selectFrom('facility_imports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async lastImport(): Promise<ImportRecord | undefined> {
    const row = await this.db.selectFrom('facility_imports').selectAll().orderBy('finished_at', 'desc').limit(1).executeTakeFirst();
    return row && { source: row.source, format: row.format, inserted: row.inserted, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected, finishedAt: row.finished_at };
  }

  /** Everything the index needs, streamed in pages so 100k facilities never sit in one result. */
  async indexEntries(): Promise<IndexEntry[]> {
    const entries: IndexEntry[] = [];
    const page = 10_000;
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('facilities').select(['id', 'lat', 'lon', 'services']).where('id', '>', after).orderBy('id').limit(page).execute();
      for (const r of rows) entries.push({ id: r.id, lat: Number(r.lat), lon: Number(r.lon), services: JSON.parse(r.services) as Services });
      if (rows.length < page) return entries;
      after = rows[rows.length - 1]!.id;
    }
  }

  async byIds(ids: string[]): Promise<Map<string, StoredFacility>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db.selectFrom('facilities').selectAll().where('id', 'in', ids).execute();
    return new Map(rows.map((r) => [r.id, rowToFacility(r)]));
  }
}
