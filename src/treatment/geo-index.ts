import KDBush from 'kdbush';
import { NearestFirst } from './nearest-first.ts';
import type { IndexEntry } from './repository.ts';
import { categories, serviceCatalogue, type Category } from './service-codes.ts';

const EARTH_RADIUS_MILES = 3958.7613;
const RAD = Math.PI / 180;

/**
 * The longitude/latitude boxes (degrees, as [west, south, east, north]) that hold every point within
 * `angle` radians (great-circle) of a point: one, or two where the circle crosses the antimeridian, or a
 * band of all longitudes where it reaches a pole. A hair larger than needed, never smaller: the
 * distance test decides.
 */
export function boxesAround(lat: number, lon: number, angle: number): [number, number, number, number][] {
  const margin = 1e-9;
  const dLat = angle / RAD + margin;
  const south = Math.max(-90, lat - dLat);
  const north = Math.min(90, lat + dLat);
  // How far the circle reaches in longitude (at the latitude where its edge runs north-south). At 1 or
  // more it reaches a pole, and then every longitude is in it.
  const sinSpan = Math.sin(angle) / Math.cos(lat * RAD);
  if (angle >= Math.PI / 2 || sinSpan >= 1) return [[-180, south, 180, north]];
  const dLon = Math.asin(sinSpan) / RAD + margin;
  const west = lon - dLon;
  const east = lon + dLon;
  if (west < -180) return [[west + 360, south, 180, north], [-180, south, east, north]];
  if (east > 180) return [[west, south, 180, north], [-180, south, east - 360, north]];
  return [[west, south, east, north]];
}

/** Great-circle distance in miles (haversine). */
export function haversineMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLon = (lon2 - lon1) * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2;
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
 * Every facility's position in a k-d tree (kdbush), with its services beside it: a query takes the
 * facilities in the boxes around the circle (`boxesAround`, kdbush's range search), keeps those that
 * offer the filtered services and lie within the great-circle radius, and orders only the page's
 * nearest (`NearestFirst`). Immutable: an import builds a new one and swaps it in.
 *
 * Why not geokdbush's nearest-neighbour walk, as before: it puts every facility within the radius
 * through a priority queue and a haversine in order to sort them all, though a page shows 20 and the
 * rest are only counted. This search was half the finder's CPU per query on the national file (15.6
 * against 31.3 µs, an interleaved A/B of the finder alone) and 0.86 of the request's CPU with `npm run
 * bench:compare` (docs/PERFORMANCE.md). The property tests in search.test.ts hold it to a scan of every
 * facility, across the antimeridian and near the poles too.
 *
 * The services are kept as one 32-bit word per facility and category, because the search tests the
 * filter on every facility in the boxes, before the distance: at 100,000 facilities, testing
 * the value lists (`every` and `includes`) was the largest part of a filtered search (601 of 2,158
 * sampled µs, `--cpu-prof` under `npm run bench`).
 */
export class GeoIndex {
  private constructor(
    private readonly tree: KDBush | undefined,
    private readonly entries: readonly IndexEntry[],
    /** entries.length × categories.length words: bit b of word [i × categories + c] is value b of category c. */
    private readonly services: Uint32Array,
    /** Each facility's latitude and longitude in radians, and the cosine of its latitude, for the distance test. */
    private readonly latRads: Float64Array,
    private readonly lonRads: Float64Array,
    private readonly cosLats: Float64Array,
  ) {}

  static build(unordered: readonly IndexEntry[]): GeoIndex {
    if (unordered.length === 0) return new GeoIndex(undefined, unordered, new Uint32Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0));
    const width = categories.length;
    // Read in import order (each entry once, where it lies in memory), placed in tree order below.
    const importedServices = new Uint32Array(unordered.length * width);
    for (const [i, entry] of unordered.entries()) {
      for (const [c, category] of categories.entries()) {
        let word = 0;
        for (const value of entry.services[category] ?? []) word |= serviceBits[category].get(value) ?? 0;
        importedServices[i * width + c] = word;
      }
    }
    // The facilities in the order a k-d tree keeps them, which puts those near each other on the map
    // near each other in memory: a query reads the services and coordinates of the few hundred
    // facilities in its boxes, and in import order those reads were scattered over the whole index
    // (a filtered search at 100,000 facilities took 0.72 of the time in this order, measured).
    const sorter = new KDBush(unordered.length);
    for (const e of unordered) sorter.add(e.lon, e.lat);
    sorter.finish();
    const entries = Array.from(sorter.ids, (id) => unordered[id]!);
    const services = new Uint32Array(entries.length * width);
    const latRads = new Float64Array(entries.length);
    const lonRads = new Float64Array(entries.length);
    const tree = new KDBush(entries.length);
    for (const [i, id] of sorter.ids.entries()) {
      services.set(importedServices.subarray(id * width, (id + 1) * width), i * width);
      // kdbush keeps the coordinates in its own order too, beside the ids.
      const lon = sorter.coords[2 * i]!;
      const lat = sorter.coords[2 * i + 1]!;
      latRads[i] = lat * RAD;
      lonRads[i] = lon * RAD;
      tree.add(lon, lat);
    }
    tree.finish();
    return new GeoIndex(tree, entries, services, latRads, lonRads, latRads.map(Math.cos));
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
    // Compared in haversine terms (the `a` of haversineMiles), which grow with distance: no asin per facility.
    const angle = radiusMiles / EARTH_RADIUS_MILES;
    const limit = Math.sin(angle / 2) ** 2;
    const latRad = lat * RAD;
    const lonRad = lon * RAD;
    const cosLat = Math.cos(latRad);
    const { services, latRads, lonRads, cosLats } = this;
    const width = categories.length;
    const found = new NearestFirst(to);
    for (const [minLon, minLat, maxLon, maxLat] of boxesAround(lat, lon, angle)) {
      candidates: for (const i of this.tree.range(minLon, minLat, maxLon, maxLat)) {
        for (const { word, bit } of wanted) if ((services[i * width + word]! & bit) === 0) continue candidates;
        const sinLat = Math.sin((latRads[i]! - latRad) / 2);
        const sinLon = Math.sin((lonRads[i]! - lonRad) / 2);
        const term = sinLat * sinLat + cosLat * cosLats[i]! * sinLon * sinLon;
        if (term <= limit) found.add(i, term);
      }
    }
    const hits = found
      .nearest()
      .slice(from)
      .map((i) => {
        const e = this.entries[i]!;
        return { id: e.id, position: i, distanceMiles: haversineMiles(lat, lon, e.lat, e.lon) };
      });
    return { total: found.total, hits };
  }
}
