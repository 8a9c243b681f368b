import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { IndexEntry } from './repository.ts';
import type { Category } from './service-codes.ts';

export const KM_PER_MILE = 1.609344;
const EARTH_RADIUS_MILES = 3958.7613;

/** Great-circle distance in miles (haversine). */
export function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_MILES * Math.asin(Math.min(1, Math.sqrt(a)));
}

export type ServiceFilters = Partial<Record<Category, string>>;

export interface Hit {
  id: string;
  distanceMiles: number;
}

/**
 * Every facility's position in a k-d tree (kdbush) searched by great-circle distance (geokdbush), with
 * its services beside it so filters apply during the walk: a query is a nearest-neighbour search, not
 * a table scan. Immutable: an import builds a new one and swaps it in.
 */
export class GeoIndex {
  private constructor(
    private readonly tree: KDBush | undefined,
    private readonly entries: readonly IndexEntry[],
  ) {}

  static build(entries: readonly IndexEntry[]): GeoIndex {
    if (entries.length === 0) return new GeoIndex(undefined, entries);
    const tree = new KDBush(entries.length);
    for (const e of entries) tree.add(e.lon, e.lat);
    tree.finish();
    return new GeoIndex(tree, entries);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Facilities within `radiusMiles` offering every filtered service, nearest first. */
  near(lat: number, lon: number, radiusMiles: number, filters: ServiceFilters = {}): Hit[] {
    if (!this.tree) return [];
    const wanted = Object.entries(filters).filter(([, v]) => v) as [Category, string][];
    const predicate = wanted.length === 0 ? undefined : (i: number) => wanted.every(([category, value]) => this.entries[i]!.services[category]?.includes(value));
    const ids = around(this.tree, lon, lat, Infinity, radiusMiles * KM_PER_MILE, predicate);
    return ids.map((i) => {
      const e = this.entries[i]!;
      return { id: e.id, distanceMiles: haversineMiles(lat, lon, e.lat, e.lon) };
    });
  }
}
