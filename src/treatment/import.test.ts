import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { backends } from '../testing/databases.ts';
import { sharedFile, skipUnlessAvailable } from '../testing/environment.ts';
import { detectFormat, type ImportFormat } from './importers.ts';
import { importFacilities } from './import.ts';
import { FacilityRepository } from './repository.ts';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

async function allFacilities(repository: FacilityRepository) {
  const entries = await repository.indexEntries();
  return [...(await repository.byIds(entries.map((e) => e.id))).values()].sort((a, b) => a.name.localeCompare(b.name));
}

function importFixture(repository: FacilityRepository, name: string, format: ImportFormat) {
  return importFacilities(repository, fixture(name), { format, source: `${format}:${name}` });
}

for (const backend of backends) {
  describe(`facility import (${backend.name})`, () => {
    test('the locator API response: valid rows in, rejected rows with their position and reason', async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      const summary = await importFixture(repository, 'locator-response.json', 'findtreatment-json');
      assert.deepEqual({ read: summary.read, inserted: summary.inserted, updated: summary.updated, unchanged: summary.unchanged, rejected: summary.rejected }, { read: 6, inserted: 4, updated: 0, unchanged: 0, rejected: 2 });
      assert.deepEqual(summary.rejectedRows, [
        { row: 4, line: undefined, reason: 'no facility name' },
        { row: 5, line: undefined, reason: 'malformed phone number "call us" (expected a 10-digit US number)' },
      ]);
      const facilities = await allFacilities(repository);
      const blueRidge = facilities.find((f) => f.name === 'Blue Ridge Recovery Center: Main Clinic')!;
      assert.equal(blueRidge.phone, '434-555-0101');
      assert.deepEqual(blueRidge.address, { street: '100 Market Street', city: 'Charlottesville', state: 'VA', zip: '22902' });
      assert.deepEqual(blueRidge.services, {
        care: ['substance-use'],
        setting: ['detox', 'outpatient'],
        mat: ['buprenorphine', 'naltrexone'],
        payment: ['medicaid', 'medicare', 'private-insurance', 'self-pay', 'sliding-scale'],
        language: ['spanish'],
        age: ['adults'],
      });
      assert.equal(blueRidge.source, 'findtreatment-json:locator-response.json');
      assert.match(blueRidge.importedAt, /^\d{4}-\d\d-\d\dT/);
      const crozet = facilities.find((f) => f.name === 'Crozet Telehealth Services')!;
      assert.equal(crozet.locationFromZip, true, 'no coordinates: placed at the ZIP centroid');
      assert.equal(crozet.phone, '434-555-0601 x12');
      assert.deepEqual(crozet.services.language, ['german', 'spanish']);
      assert.deepEqual(crozet.services.payment, ['free']);
      const hospital = facilities.find((f) => f.name.startsWith('Capital Hospital'))!;
      assert.deepEqual(hospital.services.care, ['co-occurring', 'mental-health']);
      assert.deepEqual(hospital.services.language, ['sign-language']);
    });

    test('the bulk export: one 0/1 column per service code; CSV line numbers in rejections', async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      assert.equal(detectFormat(fixture('facility-listing.csv').toString('utf8')), 'findtreatment-csv');
      const summary = await importFixture(repository, 'facility-listing.csv', 'findtreatment-csv');
      assert.equal(summary.inserted, 5);
      assert.deepEqual(summary.rejectedRows, [
        { row: 6, line: 7, reason: 'no location: no latitude/longitude and ZIP "00000" is not a known US ZIP' },
        { row: 7, line: 8, reason: 'malformed phone number "555-01" (expected a 10-digit US number)' },
      ]);
      const facilities = await allFacilities(repository);
      const rivanna = facilities.find((f) => f.name === 'Rivanna Detox Unit')!;
      assert.deepEqual(rivanna.services, { care: ['substance-use'], setting: ['detox', 'hospital-inpatient'], mat: ['buprenorphine'], payment: ['medicaid', 'medicare'], language: [], age: ['adults'] });
      const arabic = facilities.find((f) => f.name === 'Arabic Community Counseling')!;
      assert.deepEqual(arabic.services.language, ['arabic', 'chinese', 'sign-language']);
      assert.deepEqual(arabic.services.care, ['co-occurring', 'interim-care', 'mental-health', 'telemedicine']);
      const monticello = facilities.find((f) => f.name.startsWith('Monticello'))!;
      assert.equal(monticello.address.street, '12 Water Street, Suite 2', 'a quoted field keeps its comma');
      assert.deepEqual(monticello.services.age, ['adults', 'youth']);
    });

    test('a plain CSV with a services text column', async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      assert.equal(detectFormat(fixture('plain-facilities.csv').toString('utf8')), 'csv');
      const summary = await importFixture(repository, 'plain-facilities.csv', 'csv');
      assert.equal(summary.inserted, 2);
      assert.deepEqual(summary.rejectedRows, [{ row: 3, line: 4, reason: 'no facility name' }]);
      const [friendship, harbor] = await allFacilities(repository);
      assert.equal(friendship!.name, 'Friendship, "Hope" House');
      assert.deepEqual(friendship!.services.age, ['youth'], '"Adult men" is a group, not the adults age band');
      assert.deepEqual(harbor!.services, { care: ['substance-use'], setting: ['detox', 'residential'], mat: ['buprenorphine'], payment: ['medicaid', 'sliding-scale'], language: ['spanish'], age: ['adults'] });
      assert.equal(harbor!.phone, '434-555-2001 x210');
    });

    test('importing the same file twice changes nothing; a changed facility is updated in place', async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      await importFixture(repository, 'facility-listing.csv', 'findtreatment-csv');
      const before = await allFacilities(repository);
      const again = await importFixture(repository, 'facility-listing.csv', 'findtreatment-csv');
      assert.deepEqual([again.inserted, again.updated, again.unchanged, again.rejected], [0, 0, 5, 2]);
      assert.deepEqual(await allFacilities(repository), before, 'not even importedAt moves for unchanged rows');
      const changed = fixture('facility-listing.csv').toString('utf8').replace('434-555-1001', '434-555-9999');
      const third = await importFacilities(repository, changed, { format: 'findtreatment-csv', source: 'edited' });
      assert.deepEqual([third.inserted, third.updated, third.unchanged], [0, 1, 4]);
      const after = await allFacilities(repository);
      assert.equal(after.length, 5);
      assert.equal(after.find((f) => f.name === 'Rivanna Detox Unit')!.phone, '434-555-9999');
      assert.equal(await repository.dataVersion(), 3, 'each import is logged');
    });

    test('an import that fails part-way leaves the previous data intact', async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      await importFixture(repository, 'facility-listing.csv', 'findtreatment-csv');
      const before = await allFacilities(repository);
      const lines = fixture('facility-listing.csv').toString('utf8').replace(/434-555-1/g, '434-555-7').split('\n');
      // The file breaks after four rows, once two batches of two have been written in the transaction.
      async function* failingFile() {
        for (const line of lines.slice(0, 5)) yield `${line}\n`;
        throw new Error('disk read failed');
      }
      await assert.rejects(importFacilities(repository, failingFile(), { format: 'findtreatment-csv', source: 'broken', batchSize: 2 }), /disk read failed/);
      assert.deepEqual(await allFacilities(repository), before);
      assert.equal(await repository.dataVersion(), 1, 'the failed import is not logged');
    });

    test('a duplicate facility in one file is rejected, naming the first', async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      const csv = 'name,street,city,state,zip,latitude,longitude\nA Place,1 Main St,Town,VA,22902,38.03,-78.48\nA Place,1 Main St,Town,VA,22902,38.03,-78.48\n';
      const summary = await importFacilities(repository, csv, { format: 'csv', source: 'dupes' });
      assert.equal(summary.inserted, 1);
      assert.deepEqual(summary.rejectedRows, [{ row: 2, line: 3, reason: 'same facility as line 2 (same name and address)' }]);
    });

    test('the real shared files import', async (t) => {
      const files: [string, ImportFormat, number][] = [
        ['data/treatment/findtreatment_api_sample_rows_2019_cc0.json', 'findtreatment-json', 30],
        ['data/treatment/findtreatment_ca_residential_2025_hackingco_mit.csv', 'csv', 478],
        ['data/treatment/samhsa_sut_facilities_2021_geoda_oeps.csv', 'csv', 14_034],
      ];
      const paths = files.map(([path]) => sharedFile(path));
      if (skipUnlessAvailable(t, paths.every(Boolean), 'the SAMHSA files in ../shared/data/treatment/ are absent: real-file imports skipped')) return;
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const repository = new FacilityRepository(database.db);
      for (const [index, [path, format, rows]] of files.entries()) {
        const text = readFileSync(paths[index]!);
        assert.equal(detectFormat(text.subarray(0, 4000).toString('utf8'), path), format, `${path} is detected as ${format}`);
        const summary = await importFacilities(repository, text, { format, source: path });
        assert.equal(summary.read, rows, path);
        assert.ok(summary.inserted >= rows * 0.95, `${path}: ${summary.inserted} of ${rows} inserted; rejections: ${JSON.stringify(summary.rejectedRows.slice(0, 5))}`);
      }
      const sample = (await allFacilities(repository)).find((f) => f.name === 'Region Ten Community Services Board: Mohr Center' && f.source.endsWith('.json'))!;
      assert.equal(sample.phone, '434-979-8871');
      assert.deepEqual(sample.services.setting, ['residential']);
      assert.ok(sample.services.payment.includes('medicaid'));
    });
  });
}

test('the format is detected from the content', () => {
  assert.equal(detectFormat('{"rows":[]}'), 'findtreatment-json');
  assert.equal(detectFormat('\uFEFFname1,street1,city,state,zip,SA,DT,OP\n'), 'findtreatment-csv');
  assert.equal(detectFormat('Name,City,State,ZIP,Phone\n'), 'csv');
});

