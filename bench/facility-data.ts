/**
 * The facility files the benches load: SAMHSA's national file from ../shared (14,034 rows) and a
 * 100,000-facility file made from it at run time (jittered copies with random services, written to a
 * temp dir, never committed), and the ZIP codes to query near. Used by bench/treatment.bench.ts
 * (in-process) and bench/run.ts (over HTTP).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sharedFile } from '../src/testing/environment.ts';
import type { ServiceFilters } from '../src/treatment/geo-index.ts';
import { zipCentroid } from '../src/treatment/zip-centroids.ts';

export const NATIONAL = 'data/treatment/samhsa_sut_facilities_2021_geoda_oeps.csv';
/** The files' names in the benches' rows, known before the files are made (to choose which to make). */
export const FACILITY_FILE_LABELS = { national: 'national 14,034', generated: 'generated 100,000' } as const;
const GENERATED_ROWS = 100_000;

/** A deterministic pseudo-random sequence, so every run generates the same file and ZIP sample. */
function random(seed: number) {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}
const servicePhrases = [
  'Substance use treatment', 'Mental health treatment', 'Detoxification', 'Outpatient', 'Residential', 'Hospital inpatient',
  'Buprenorphine used in Treatment', 'Methadone used in Treatment', 'Naltrexone used in Treatment', 'Medicaid', 'Medicare',
  'Private health insurance', 'Sliding fee scale', 'No payment accepted', 'Spanish', 'Adults', 'Children/adolescents',
];

const csvField = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** 100,000 facilities from the national file: the originals and jittered copies, each with random services. */
function generateLargeFile(rows: readonly Record<string, string>[], dir: string): string {
  const next = random(42);
  const lines = ['name,street,city,state,zip,phone,latitude,longitude,services'];
  for (let i = 0; i < GENERATED_ROWS; i++) {
    const row = rows[i % rows.length]!;
    const copy = Math.floor(i / rows.length);
    const jitter = () => (copy === 0 ? 0 : (next() - 0.5) * 0.1);
    const services = servicePhrases.filter(() => next() < 0.4).join('; ');
    const phone = `${200 + Math.floor(next() * 799)}-555-${String(Math.floor(next() * 10_000)).padStart(4, '0')}`;
    lines.push(
      [`${row.name1}${row.name2 ? `: ${row.name2}` : ''}${copy === 0 ? '' : ` (site ${copy + 1})`}`, [row.street1, row.street2].filter(Boolean).join(', '), row.city!, row.state!, row.zip!, phone, String(Number(row.latitude) + jitter()), String(Number(row.longitude) + jitter()), services]
        .map((v) => csvField(v ?? ''))
        .join(','),
    );
  }
  const file = join(dir, 'facilities-100k.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

export interface FacilityFile {
  label: string;
  path: string;
  /** What the queries filter on (the national file lists no services, so none there). */
  filters: ServiceFilters;
}

/** What the benches ask the API for: 25 miles around each ZIP in turn, with the file's filters. */
export function facilitySearchPaths(zips: readonly string[], file: FacilityFile): string[] {
  const filters = Object.entries(file.filters).map(([key, value]) => `&${key}=${value}`).join('');
  return zips.map((zip) => `/api/v1/facilities?zip=${zip}&radiusMiles=25${filters}`);
}

/**
 * The national file and the generated 100k file (written into `dir`), and `count` ZIP codes of real
 * facilities with a known centroid, in a fixed random order. Undefined when ../shared is absent.
 */
export function facilityFiles(dir: string, count: number): { files: FacilityFile[]; zips: string[] } | undefined {
  const national = sharedFile(NATIONAL);
  if (!national) return undefined;
  const rows = parse(readFileSync(national, 'utf8'), { columns: true }) as Record<string, string>[];
  const next = random(7);
  const allZips = rows.map((r) => r.zip!.padStart(5, '0')).filter((zip) => zipCentroid(zip));
  return {
    files: [
      { label: FACILITY_FILE_LABELS.national, path: national, filters: {} },
      { label: FACILITY_FILE_LABELS.generated, path: generateLargeFile(rows, dir), filters: { setting: 'outpatient', payment: 'medicaid' } },
    ],
    zips: Array.from({ length: count }, () => allZips[Math.floor(next() * allZips.length)]!),
  };
}
