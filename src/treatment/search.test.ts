import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { backends } from '../testing/databases.ts';
import { FacilityFinder, type SearchResult } from './finder.ts';
import { facilityToDto, searchAnswerJson } from './http/api.ts';
import { boxesAround, GeoIndex, haversineMiles } from './geo-index.ts';
import { importFacilities } from './import.ts';
import { FacilityRepository, type IndexEntry } from './repository.ts';
import { categories, emptyServices, serviceCatalogue } from './service-codes.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

/** An independent great-circle distance (spherical law of cosines) to check the index against. */
function bruteForceMiles(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = Math.PI / 180;
  const cos = Math.sin(lat1 * r) * Math.sin(lat2 * r) + Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.cos((lon2 - lon1) * r);
  return 3958.7613 * Math.acos(Math.min(1, Math.max(-1, cos)));
}

test('the index returns exactly the facilities within the radius, nearest first, as a brute-force scan does', () => {
  const point = fc.record({ lat: fc.double({ min: 25, max: 49, noNaN: true }), lon: fc.double({ min: -124, max: -67, noNaN: true }) });
  fc.assert(
    fc.property(fc.array(point, { minLength: 1, maxLength: 300 }), point, fc.integer({ min: 1, max: 500 }), (points, origin, radiusMiles) => {
      const entries: IndexEntry[] = points.map((p, i) => ({ id: String(i), ...p, services: emptyServices() }));
      const hits = GeoIndex.build(entries).near(origin.lat, origin.lon, radiusMiles);
      const distances = hits.map((h) => h.distanceMiles);
      for (let i = 1; i < distances.length; i++) assert.ok(distances[i]! >= distances[i - 1]! - 1e-9, 'sorted by distance');
      const found = new Set(hits.map((h) => h.id));
      for (const e of entries) {
        const miles = bruteForceMiles(origin.lat, origin.lon, e.lat, e.lon);
        // Only points clearly inside or outside are checked: the two formulas may round differently at the edge.
        if (miles < radiusMiles - 0.01) assert.ok(found.has(e.id), `${e.id} at ${miles} mi is within ${radiusMiles}`);
        if (miles > radiusMiles + 0.01) assert.ok(!found.has(e.id), `${e.id} at ${miles} mi is outside ${radiusMiles}`);
      }
      for (const h of hits) {
        const e = entries[Number(h.id)]!;
        assert.ok(Math.abs(h.distanceMiles - bruteForceMiles(origin.lat, origin.lon, e.lat, e.lon)) < 0.01);
      }
    }),
    { numRuns: 200 },
  );
  assert.ok(Math.abs(haversineMiles(38.0293, -78.4767, 37.5407, -77.436) - 65.5) < 1, 'Charlottesville to Richmond is about 65 miles');
});

test('the search finds the same facilities across the antimeridian and near the poles as a scan of all of them', () => {
  const wrap = (lon: number) => ((((lon + 180) % 360) + 360) % 360) - 180;
  const nearAntimeridian = fc.record({ lat: fc.double({ min: -70, max: 70, noNaN: true }), lon: fc.double({ min: 178.5, max: 181.5, noNaN: true }).map(wrap) });
  const nearPole = fc.record({ lat: fc.oneof(fc.double({ min: 84, max: 90, noNaN: true }), fc.double({ min: -90, max: -84, noNaN: true })), lon: fc.double({ min: -180, max: 180, noNaN: true }) });
  const origin = fc.oneof(nearAntimeridian, nearPole);
  const offset = fc.record({ dLat: fc.double({ min: -4, max: 4, noNaN: true }), dLon: fc.double({ min: -15, max: 15, noNaN: true }) });
  fc.assert(
    fc.property(origin, fc.array(offset, { minLength: 1, maxLength: 150 }), fc.integer({ min: 1, max: 500 }), (o, offsets, radiusMiles) => {
      const entries: IndexEntry[] = offsets.map((d, i) => ({ id: String(i), lat: Math.max(-90, Math.min(90, o.lat + d.dLat)), lon: wrap(o.lon + d.dLon), services: emptyServices() }));
      const hits = GeoIndex.build(entries).near(o.lat, o.lon, radiusMiles);
      const found = new Set(hits.map((h) => h.id));
      for (let i = 1; i < hits.length; i++) assert.ok(hits[i]!.distanceMiles >= hits[i - 1]!.distanceMiles - 1e-9, 'nearest first');
      for (const [i, e] of entries.entries()) {
        const miles = haversineMiles(o.lat, o.lon, e.lat, e.lon);
        // As in the test above, points within a hair of the edge may fall either way.
        if (miles < radiusMiles - 0.01) assert.ok(found.has(String(i)), `${i} at ${miles} mi (${e.lat}, ${e.lon}) is within ${radiusMiles}`);
        if (miles > radiusMiles + 0.01) assert.ok(!found.has(String(i)), `${i} at ${miles} mi is outside ${radiusMiles}`);
      }
    }),
    { numRuns: 300 },
  );
  const aleutians: IndexEntry[] = [179.8, -179.8].map((lon) => ({ id: String(lon), lat: 52, lon, services: emptyServices() }));
  assert.deepEqual(GeoIndex.build(aleutians).near(52, -179.9, 50).map((h) => h.id), ['-179.8', '179.8'], 'both sides of the antimeridian, nearest first');
});

test('the boxes around a circle hold every point of it, wherever it is on the globe', () => {
  const rad = Math.PI / 180;
  // Spread evenly (fc.double favours values near zero), so that the poles and the antimeridian come up.
  const uniform = (min: number, max: number) => fc.integer({ min: 0, max: 1e9 }).map((n) => min + ((max - min) * n) / 1e9);
  fc.assert(
    fc.property(
      uniform(-90, 90),
      uniform(-180, 180),
      // Up to the 500 miles (0.13 radians) a search allows, and beyond, past a hemisphere.
      fc.oneof(uniform(1e-4, 0.13), uniform(0.13, 2)),
      uniform(0, 2 * Math.PI),
      fc.oneof(uniform(0, 1), fc.constant(1)),
      (lat, lon, angle, bearing, fraction) => {
        // The point `fraction` of the way to the circle's edge along `bearing` (the spherical destination formula).
        const d = angle * fraction;
        const lat1 = lat * rad;
        const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(bearing));
        const lon2 = lon * rad + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
        const pointLat = lat2 / rad;
        const pointLon = ((((lon2 / rad + 180) % 360) + 360) % 360) - 180;
        const boxes = boxesAround(lat, lon, angle);
        const inside = boxes.some(([west, south, east, north]) => pointLon >= west - 1e-9 && pointLon <= east + 1e-9 && pointLat >= south - 1e-9 && pointLat <= north + 1e-9);
        assert.ok(inside, `(${pointLat}, ${pointLon}) is ${d} rad from (${lat}, ${lon}), outside ${JSON.stringify(boxes)}`);
      },
    ),
    { numRuns: 2_000 },
  );
});

test('filtering during the walk finds exactly the nearby facilities that offer every filtered service', () => {
  const services = fc.record(Object.fromEntries(categories.map((c) => [c, fc.subarray(serviceCatalogue[c].map((v) => v.id))])) as Record<(typeof categories)[number], fc.Arbitrary<string[]>>);
  const entry = fc.record({ lat: fc.double({ min: 37, max: 39, noNaN: true }), lon: fc.double({ min: -79, max: -77, noNaN: true }), services });
  const filters = fc.record(Object.fromEntries(categories.map((c) => [c, fc.constantFrom(...serviceCatalogue[c].map((v) => v.id))])), { requiredKeys: [] });
  fc.assert(
    fc.property(fc.array(entry, { minLength: 1, maxLength: 200 }), filters, fc.integer({ min: 1, max: 150 }), (points, wanted, radiusMiles) => {
      const entries: IndexEntry[] = points.map((p, i) => ({ id: String(i), lat: p.lat, lon: p.lon, services: Object.assign(emptyServices(), p.services) }));
      const index = GeoIndex.build(entries);
      const offers = (e: IndexEntry) => Object.entries(wanted).every(([category, value]) => e.services[category as keyof typeof e.services].includes(value as string));
      const expected = index.near(38, -78, radiusMiles).filter((hit) => offers(entries[Number(hit.id)]!));
      assert.deepEqual(index.near(38, -78, radiusMiles, wanted), expected);
      // A page is that list's slice, and the total is its length.
      for (const [from, to] of [[0, 20], [3, 5], [expected.length, expected.length + 20]] as const) {
        assert.deepEqual(index.nearPage(38, -78, radiusMiles, wanted, from, to), { total: expected.length, hits: expected.slice(from, to) });
      }
    }),
    { numRuns: 200 },
  );
  const one: IndexEntry[] = [{ id: 'a', lat: 38, lon: -78, services: emptyServices() }];
  assert.deepEqual(GeoIndex.build(one).near(38, -78, 5, { mat: 'not-a-value' }), [], 'a value no facility can have finds none');
});

for (const backend of backends) {
  describe(`facility search (${backend.name})`, () => {
    async function loadedFinder(t: import('node:test').TestContext) {
      const database = await backend.open(t);
      if (!database) return undefined;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      await importFacilities(repository, fixture('locator-response.json'), { format: 'findtreatment-json', source: 'json' });
      await importFacilities(repository, fixture('facility-listing.csv'), { format: 'findtreatment-csv', source: 'csv' });
      await importFacilities(repository, fixture('plain-facilities.csv'), { format: 'csv', source: 'plain' });
      const finder = new FacilityFinder(repository);
      await finder.rebuild();
      return { finder, repository, database };
    }

    test('near a ZIP: nearest first, within the radius, paged', async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      const near = '38.03,-78.48';
      const all = await loaded.finder.search({ near, radiusMiles: 500, pageSize: 100 });
      assert.equal(all.total, 11);
      const distances = all.facilities.map((f) => f.distanceMiles);
      assert.deepEqual(distances, [...distances].sort((a, b) => a - b));
      for (const f of all.facilities) assert.ok(Math.abs(f.distanceMiles - bruteForceMiles(38.03, -78.48, f.location.lat, f.location.lon)) < 0.01);
      const within25 = await loaded.finder.search({ near, pageSize: 100 });
      assert.equal(within25.radiusMiles, 25, 'the default radius');
      assert.deepEqual(
        within25.facilities.map((f) => f.id),
        all.facilities.filter((f) => f.distanceMiles <= 25).map((f) => f.id),
      );
      const page2 = await loaded.finder.search({ near, radiusMiles: 500, pageSize: 4, page: 2 });
      assert.equal(page2.total, 11);
      assert.deepEqual(page2.facilities.map((f) => f.id), all.facilities.slice(4, 8).map((f) => f.id));
      const byZip = await loaded.finder.search({ zip: '22902', radiusMiles: 50 });
      assert.ok(byZip.total > 0);
      assert.equal(byZip.origin.label, '22902');
    });

    test('every filter keeps exactly the facilities that offer the service', async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      const all = (await loaded.finder.search({ near: '38.03,-78.48', radiusMiles: 500, pageSize: 100 })).facilities;
      for (const category of categories) {
        let checked = 0;
        for (const value of serviceCatalogue[category]) {
          const result = await loaded.finder.search({ near: '38.03,-78.48', radiusMiles: 500, pageSize: 100, filters: { [category]: value.id } });
          const expected = all.filter((f) => f.services[category].includes(value.id)).map((f) => f.id);
          assert.deepEqual(result.facilities.map((f) => f.id), expected, `${category}=${value.id}`);
          if (expected.length > 0 && expected.length < all.length) checked += 1;
        }
        assert.ok(checked >= 2, `the fixtures exercise several ${category} values (${checked})`);
      }
      const combined = await loaded.finder.search({ near: '38.03,-78.48', radiusMiles: 500, filters: { setting: 'detox', mat: 'buprenorphine', payment: 'medicaid' } });
      assert.deepEqual(combined.facilities.map((f) => f.name).sort(), ['Blue Ridge Recovery Center: Main Clinic', 'Harbor Light Residential', 'Rivanna Detox Unit']);
    });

    test('bad input is refused with a clear message', async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      await assert.rejects(loaded.finder.search({ zip: '00000' }), (e: Error & { status?: number }) => e.status === 400 && /00000 is not a US ZIP code we know/.test(e.message));
      await assert.rejects(loaded.finder.search({ zip: '22902', radiusMiles: 501 }), /at most 500 miles/);
      await assert.rejects(loaded.finder.search({ near: '91,0' }), /lat,lon/);
      await assert.rejects(loaded.finder.search({}), /give a ZIP code/);
      await assert.rejects(loaded.finder.search({ zip: '22902', filters: { mat: 'heroin' } }), /mat: unknown value "heroin"/);
    });

    test("the index notices another server's import", async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      const other = new FacilityFinder(loaded.repository, 0);
      await other.rebuild();
      const mine = new FacilityFinder(new FacilityRepository(loaded.database.db), 0);
      await mine.rebuild();
      const before = (await mine.search({ near: '45.0,-100.0', radiusMiles: 10 })).total;
      assert.equal(before, 0);
      await importFacilities(other.repository, 'name,street,city,state,zip,latitude,longitude\nPrairie Clinic,1 Main St,Town,SD,57501,45.01,-100.01\n', { format: 'csv', source: 'other server' });
      const after = await mine.search({ near: '45.0,-100.0', radiusMiles: 10 });
      assert.deepEqual(after.facilities.map((f) => f.name), ['Prairie Clinic']);
    });

    test("a facility another server's import changed is answered changed, not as remembered", async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      const clinic = (phone: string) => `name,street,city,state,zip,phone,latitude,longitude\nPrairie Clinic,1 Main St,Town,SD,57501,${phone},45.01,-100.01\n`;
      await importFacilities(loaded.repository, clinic('605-555-0101'), { format: 'csv', source: 'plain' });
      const mine = new FacilityFinder(new FacilityRepository(loaded.database.db), 0);
      await mine.rebuild();
      const phone = async () => (await mine.search({ near: '45.0,-100.0', radiusMiles: 10 })).facilities.map((f) => f.phone);
      assert.deepEqual(await phone(), ['605-555-0101']);
      assert.deepEqual(await phone(), ['605-555-0101'], 'the second search is answered from memory');
      await importFacilities(loaded.repository, clinic('605-555-0199'), { format: 'csv', source: 'plain' });
      assert.deepEqual(await phone(), ['605-555-0199']);
    });

    test("the API's answer text is the answer's JSON, however often its facilities are written", async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      // A name holding the very markers the answer is cut at, and a distance to round.
      await importFacilities(loaded.repository, 'name,street,city,state,zip,latitude,longitude\n"Odd ,""distanceMiles"":1,""services"":{} Clinic",1 Main St,Charlottesville,VA,22902,38.0313,-78.4791\n', { format: 'csv', source: 'odd' });
      await loaded.finder.rebuild();
      const queries = [{ zip: '22902', radiusMiles: 50 }, { zip: '22902', radiusMiles: 50, page: 2, pageSize: 1 }, { near: '38.03,-78.48', radiusMiles: 3 }, { zip: '22902', filters: { mat: 'buprenorphine' } }, { near: '45.0,-100.0', radiusMiles: 1 }];
      for (let round = 0; round < 3; round++) {
        // The third round after an import changed a facility the first two wrote.
        if (round === 2) {
          await importFacilities(loaded.repository, 'name,street,city,state,zip,phone,latitude,longitude\n"Odd ,""distanceMiles"":1,""services"":{} Clinic",1 Main St,Charlottesville,VA,22902,434-555-0999,38.0313,-78.4791\n', { format: 'csv', source: 'odd' });
          await loaded.finder.rebuild();
          assert.match(searchAnswerJson(await loaded.finder.search(queries[0]!)), /434-555-0999/);
        }
        for (const query of queries) {
          const r: SearchResult = await loaded.finder.search(query);
          // The answer as the route wrote it with c.json before: these keys in this order.
          const expected = { total: r.total, page: r.page, pageSize: r.pageSize, radiusMiles: r.radiusMiles, origin: r.origin, facilities: r.facilities.map(facilityToDto) };
          assert.equal(searchAnswerJson(r), JSON.stringify(expected), JSON.stringify(query));
        }
      }
      assert.match(searchAnswerJson(await loaded.finder.search(queries[0]!)), /Odd ,\\"distanceMiles\\":1/);
    });

    test('remembering facilities never changes an answer, however few it may keep', async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      const uncached = new FacilityFinder(loaded.repository, 5000, 0);
      const small = new FacilityFinder(loaded.repository, 5000, 2);
      await uncached.rebuild();
      await small.rebuild();
      const queries = [{ zip: '22902', radiusMiles: 50 }, { zip: '22902', radiusMiles: 50, pageSize: 2 }, { zip: '22902', radiusMiles: 50, page: 2, pageSize: 2 }, { near: '38.03,-78.48', radiusMiles: 500 }];
      for (let round = 0; round < 3; round++) {
        for (const query of queries) assert.deepEqual(await small.search(query), await uncached.search(query), JSON.stringify(query));
      }
      assert.ok((await uncached.search(queries[0]!)).facilities.length > 2, 'more facilities than the small finder keeps');
    });

    test('a finder keeps at most as many facilities as it is allowed, the one kept longest ago going first', async (t) => {
      const loaded = await loadedFinder(t);
      if (!loaded) return;
      // The real repository, counting which facilities the finder asks the database for.
      const asked: string[] = [];
      const repository = Object.assign(Object.create(loaded.repository) as FacilityRepository, {
        byIds: (ids: string[]) => (asked.push(...ids), loaded.repository.byIds(ids)),
      });
      const readFor = async (finder: FacilityFinder, page: number) => {
        asked.length = 0;
        const [facility] = (await finder.search({ zip: '22902', radiusMiles: 50, page, pageSize: 1 })).facilities;
        return asked.includes(facility!.id);
      };
      const small = new FacilityFinder(repository, 5000, 2);
      await small.rebuild();
      assert.deepEqual([await readFor(small, 1), await readFor(small, 2), await readFor(small, 3)], [true, true, true], 'each read once');
      assert.equal(await readFor(small, 3), false, 'the last kept is still kept');
      assert.equal(await readFor(small, 1), true, 'the first went when the third came');
      const roomy = new FacilityFinder(repository, 5000, 20_000);
      await roomy.rebuild();
      for (const page of [1, 2, 3]) await readFor(roomy, page);
      assert.equal(await readFor(roomy, 1), false, 'with room, nothing goes');
    });
  });
}
