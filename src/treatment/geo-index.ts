import KDBush from 'kdbush';
import { around } from 'geokdbush';
import type { IndexEntry } from './repository.ts';
import { categories, serviceCatalogue, type Category } from './service-codes.ts';

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
  /** The facility's place in the index (0 to size − 1), for a caller keeping something per facility. */
  position: number;
  distanceMiles: number;
}

/** Each service value's bit within its category's word (a category has at most 32 values). */
const serviceBits: Record<Category, ReadonlyMap<string, number>> = Object.fromEntries(
  categories.map((category) => {
    if (serviceCatalogue[category].length > 32) throw new Error(`${category}: more than 32 values do not fit one word`);
    return [category, new Map(serviceCatalogue[category].map((value, bit) => [value.id, 2 ** bit]))];
  }),
) as unknown as Record<Category, ReadonlyMap<string, number>>;

/**
 * Every facility's position in a k-d tree (kdbush) searched by great-circle distance (geokdbush), with
 * its services beside it so filters apply during the walk: a query is a nearest-neighbour search, not
 * a table scan. Immutable: an import builds a new one and swaps it in.
 *
 * The services are kept as one 32-bit word per facility and category, because the walk tests the
 * filter on every facility of every leaf it visits, before the distance: at 100,000 facilities, testing
 * the value lists (`every` and `includes`) was the largest part of a filtered search (601 of 2,158
 * sampled µs, `--cpu-prof` under `npm run bench`).
 */
export class GeoIndex {
  private constructor(
    private readonly tree: KDBush | undefined,
    private readonly entries: readonly IndexEntry[],
    /** entries.length × categories.length words: bit b of word [i × categories + c] is value b of category c. */
    private readonly services: Uint32Array,
  ) {}

  static build(entries: readonly IndexEntry[]): GeoIndex {
    const services = new Uint32Array(entries.length * categories.length);
    entries.forEach((entry, i) => {
      categories.forEach((category, c) => {
        let word = 0;
        for (const value of entry.services[category] ?? []) word |= serviceBits[category].get(value) ?? 0;
        services[i * categories.length + c] = word;
      });
    });
    if (entries.length === 0) return new GeoIndex(undefined, entries, services);
    const tree = new KDBush(entries.length);
    for (const e of entries) tree.add(e.lon, e.lat);
    tree.finish();
    return new GeoIndex(tree, entries, services);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Facilities within `radiusMiles` offering every filtered service, nearest first. */
  near(lat: number, lon: number, radiusMiles: number, filters: ServiceFilters = {}): Hit[] {
    return this.nearPage(lat, lon, radiusMiles, filters, 0, Infinity).hits;
  }

  /**
   * The same, counted in full but with hits (and their distances in miles) only from `from` up to
   * `to`: a page shows 20 of what may be thousands of facilities in a city's radius, and an object
   * and a haversine for each of those was a third of a search's own work at 14,000 facilities.
   */
  nearPage(lat: number, lon: number, radiusMiles: number, filters: ServiceFilters, from: number, to: number): { total: number; hits: Hit[] } {
    if (!this.tree) return { total: 0, hits: [] };
    const wanted: { word: number; bit: number }[] = [];
    for (const [c, category] of categories.entries()) {
      const value = filters[category];
      if (!value) continue;
      const bit = serviceBits[category].get(value);
      // A value no facility can have (the finder refuses unknown values before this).
      if (bit === undefined) return { total: 0, hits: [] };
      wanted.push({ word: c, bit });
    }
    const { services } = this;
    const width = categories.length;
    const predicate =
      wanted.length === 0
        ? undefined
        : (i: number) => {
            for (const { word, bit } of wanted) if ((services[i * width + word]! & bit) === 0) return false;
            return true;
          };
    const ids = around(this.tree, lon, lat, Infinity, radiusMiles * KM_PER_MILE, predicate);
    const hits = ids.slice(from, to).map((i) => {
      const e = this.entries[i]!;
      return { id: e.id, position: i, distanceMiles: haversineMiles(lat, lon, e.lat, e.lon) };
    });
    return { total: ids.length, hits };
  }
}
