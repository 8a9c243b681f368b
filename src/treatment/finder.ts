import { AppError, validationError } from '../errors/catalogue.ts';
import { normaliseZip } from './facility.ts';
import { zipCentroid } from './zip-centroids.ts';
import { GeoIndex, type Hit, type ServiceFilters } from './geo-index.ts';
import type { FacilityRepository, StoredFacility } from './repository.ts';
import { categories, isServiceValue, serviceCatalogue } from './service-codes.ts';

export const DEFAULT_RADIUS_MILES = 25;
export const MAX_RADIUS_MILES = 500;
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export interface FacilityQuery {
  zip?: string;
  /** "lat,lon" in decimal degrees. */
  near?: string;
  radiusMiles?: number;
  filters?: ServiceFilters;
  page?: number;
  pageSize?: number;
}

export interface Origin {
  lat: number;
  lon: number;
  /** What the person gave: the ZIP or the coordinates. */
  label: string;
}

export type FoundFacility = StoredFacility & { distanceMiles: number };

export interface SearchResult {
  origin: Origin;
  radiusMiles: number;
  total: number;
  page: number;
  pageSize: number;
  facilities: FoundFacility[];
}

/** Where to search from: a US ZIP (offline centroid) or "lat,lon". Throws a 400 naming the problem. */
export function resolveOrigin(query: Pick<FacilityQuery, 'zip' | 'near'>): Origin {
  if (query.near?.trim()) {
    const match = query.near.trim().match(/^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/);
    const lat = Number(match?.[1]);
    const lon = Number(match?.[2]);
    if (!match || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      throw validationError([{ field: 'near', message: 'give "lat,lon" in decimal degrees, e.g. 38.03,-78.48' }]);
    }
    return { lat, lon, label: `${lat},${lon}` };
  }
  if (query.zip?.trim()) {
    const zip = normaliseZip(query.zip);
    if (!/^\d{5}$/.test(zip)) throw validationError([{ field: 'zip', message: 'a US ZIP code has 5 digits, e.g. 22902' }]);
    const centroid = zipCentroid(zip);
    if (!centroid) throw new AppError('bad-request', `ZIP code ${zip} is not a US ZIP code we know. Check it, or search near "lat,lon" instead.`, { errors: [{ field: 'zip', message: `unknown ZIP code ${zip}` }] });
    return { lat: centroid.lat, lon: centroid.lon, label: zip };
  }
  throw validationError([{ field: 'zip', message: 'give a ZIP code (or "near" as "lat,lon")' }]);
}

export function checkFilters(filters: ServiceFilters): void {
  const errors = categories
    .filter((c) => filters[c] && !isServiceValue(c, filters[c]!))
    .map((c) => ({ field: c, message: `unknown value "${String(filters[c]).slice(0, 40)}"; one of: ${serviceCatalogue[c].map((v) => v.id).join(', ')}` }));
  if (errors.length > 0) throw validationError(errors);
}

/**
 * Answers facility searches from a per-process geographic index. Several servers may share one
 * PostgreSQL database, so before a query the finder asks the database for its import count (one row
 * of a tiny table) at most every `versionCheckMs`, and rebuilds when another server has imported.
 */
export class FacilityFinder {
  private index = GeoIndex.build([]);
  private version = -1;
  private checkedAt = 0;
  private refreshing: Promise<void> | undefined;
  /**
   * Facilities as last read from the database, at their place in the index, for the index's version: a
   * page of 20 read by id was most of a search's CPU at 14,000 facilities (SQLite prepared and ran the
   * query each time: 215 of 718 sampled µs, `--cpu-prof` under `npm run bench`). By place rather than
   * in a map by id: the map's lookups made the finder's search a fifth slower (46 against 36 µs, and
   * 6% of the whole request, with `npm run bench:compare`). It is the public directory, nothing a
   * person sent; emptied whenever the index is rebuilt, and bounded: `keptOrder` is a ring of the
   * places in the order they were kept (-1 where none yet), so at `maxRecords` the oldest goes out first.
   */
  private records: (StoredFacility | undefined)[] = [];
  private readonly keptOrder: Int32Array;
  private nextSlot = 0;

  constructor(
    readonly repository: FacilityRepository,
    private readonly versionCheckMs = 5000,
    private readonly maxRecords = 20_000,
  ) {
    this.keptOrder = new Int32Array(maxRecords).fill(-1);
  }

  get indexedCount(): number {
    return this.index.size;
  }

  /** Rebuilds the index from the database now (start-up, and after this server imports). */
  async rebuild(): Promise<void> {
    const version = await this.repository.dataVersion();
    this.index = GeoIndex.build(await this.repository.indexEntries());
    this.records = Array.from({ length: this.index.size }, () => undefined);
    this.keptOrder.fill(-1);
    this.nextSlot = 0;
    this.version = version;
    this.checkedAt = Date.now();
  }

  /** Rebuilds when the database has changed since the index was built; asks at most every versionCheckMs. */
  async ensureFresh(): Promise<void> {
    if (this.version >= 0 && Date.now() - this.checkedAt < this.versionCheckMs) return;
    this.refreshing ??= (async () => {
      try {
        const version = await this.repository.dataVersion();
        if (version !== this.version) await this.rebuild();
        else this.checkedAt = Date.now();
      } finally {
        this.refreshing = undefined;
      }
    })();
    await this.refreshing;
  }

  async search(query: FacilityQuery): Promise<SearchResult> {
    const origin = resolveOrigin(query);
    const radiusMiles = query.radiusMiles ?? DEFAULT_RADIUS_MILES;
    if (!(radiusMiles > 0 && radiusMiles <= MAX_RADIUS_MILES)) {
      throw validationError([{ field: 'radiusMiles', message: `must be more than 0 and at most ${MAX_RADIUS_MILES} miles` }]);
    }
    const filters = query.filters ?? {};
    checkFilters(filters);
    const page = query.page ?? 1;
    const pageSize = Math.min(query.pageSize ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
    await this.ensureFresh();
    const { total, hits: slice } = this.index.nearPage(origin.lat, origin.lon, radiusMiles, filters, (page - 1) * pageSize, page * pageSize);
    const records = await this.recordsFor(slice);
    const facilities: FoundFacility[] = [];
    for (let i = 0; i < slice.length; i++) {
      // A record can vanish between the index build and this read only if another server replaced the data.
      const record = records[i];
      // Not `{ ...record }`: V8 copies these records that way 40% slower (measured).
      if (record) facilities.push(Object.assign({}, record, { distanceMiles: slice[i]!.distanceMiles }));
    }
    return { origin, radiusMiles, total, page, pageSize, facilities };
  }

  /** The facilities of these hits, in their order: kept ones from memory, the rest from the database in one query. */
  private async recordsFor(hits: readonly Hit[]): Promise<(StoredFacility | undefined)[]> {
    const found = hits.map((hit) => this.records[hit.position]);
    if (!found.includes(undefined)) return found;
    const missing = hits.filter((_, i) => found[i] === undefined);
    const version = this.version;
    const read = await this.repository.byIds(missing.map((hit) => hit.id));
    // Kept only if no rebuild began meanwhile: a page read before an import must not outlive it, and
    // the hits' places belong to the index they came from.
    const keep = version === this.version && this.maxRecords > 0;
    for (const [i, hit] of hits.entries()) {
      if (found[i] !== undefined) continue;
      const record = read.get(hit.id);
      found[i] = record;
      if (record && keep) this.keep(hit.position, record);
    }
    return found;
  }

  /** Keeps a record at its place; at `maxRecords`, the place kept longest ago is emptied for it. */
  private keep(position: number, record: StoredFacility): void {
    if (this.records[position] !== undefined) return;
    const oldest = this.keptOrder[this.nextSlot]!;
    if (oldest >= 0) this.records[oldest] = undefined;
    this.records[position] = record;
    this.keptOrder[this.nextSlot] = position;
    this.nextSlot = (this.nextSlot + 1) % this.maxRecords;
  }
}
