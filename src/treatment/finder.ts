import { AppError, validationError } from '../errors/catalogue.ts';
import { normaliseZip } from './facility.ts';
import { zipCentroid } from './zip-centroids.ts';
import { GeoIndex, type ServiceFilters } from './geo-index.ts';
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
   * Facilities as last read from the database, by id, for the index's version: a page of 20 read by id
   * was most of a search's CPU at 14,000 facilities (SQLite prepared and ran the query each time: 215
   * of 718 sampled µs, `--cpu-prof` under `npm run bench`). It is the public directory, nothing a
   * person sent; emptied whenever the index is rebuilt, and bounded, oldest read first out.
   */
  private readonly records = new Map<string, StoredFacility>();

  constructor(
    readonly repository: FacilityRepository,
    private readonly versionCheckMs = 5000,
    private readonly maxRecords = 20_000,
  ) {}

  get indexedCount(): number {
    return this.index.size;
  }

  /** Rebuilds the index from the database now (start-up, and after this server imports). */
  async rebuild(): Promise<void> {
    const version = await this.repository.dataVersion();
    this.index = GeoIndex.build(await this.repository.indexEntries());
    this.records.clear();
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
    const rows = await this.facilitiesById(slice.map((h) => h.id));
    const facilities = slice.flatMap((hit) => {
      const row = rows.get(hit.id);
      // A row can vanish between the index build and this read only if another server replaced the data.
      return row ? [Object.assign({}, row, { distanceMiles: hit.distanceMiles })] : [];
    });
    return { origin, radiusMiles, total, page, pageSize, facilities };
  }

  /** The facilities with these ids: remembered ones from memory, the rest from the database in one query. */
  private async facilitiesById(ids: readonly string[]): Promise<Map<string, StoredFacility>> {
    const found = new Map<string, StoredFacility>();
    const missing: string[] = [];
    for (const id of ids) {
      const record = this.records.get(id);
      if (record) found.set(id, record);
      else missing.push(id);
    }
    if (missing.length === 0) return found;
    const version = this.version;
    const read = await this.repository.byIds(missing);
    // Kept only if no rebuild began meanwhile, so a page read before an import never outlives it.
    const keep = version === this.version && this.maxRecords > 0;
    for (const [id, record] of read) {
      found.set(id, record);
      if (!keep) continue;
      if (this.records.size >= this.maxRecords) this.records.delete(this.records.keys().next().value!);
      this.records.set(id, record);
    }
    return found;
  }
}
