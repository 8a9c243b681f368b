/**
 * Treatment finder benchmark: imports the national SAMHSA file (14,034 rows) and a 100,000-facility
 * file made from it (jittered copies with services, generated into a temp dir at run time, never
 * committed) on SQLite and PostgreSQL; reports import time and p50/p99 of a 25-mile query near real
 * facility ZIP codes (filtered on the 100k file; the national file lists no services).
 * Run alone: node --import tsx bench/treatment.bench.ts   (needs ../shared; PostgreSQL optional).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { openDatabase, type DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openTestPostgres } from '../src/testing/databases.ts';
import { FacilityFinder } from '../src/treatment/finder.ts';
import { facilityFiles, NATIONAL } from './facility-data.ts';
import type { ServiceFilters } from '../src/treatment/geo-index.ts';
import { importFacilities } from '../src/treatment/import.ts';
import { FacilityRepository } from '../src/treatment/repository.ts';

export interface BenchRow {
  name: string;
  opsPerSec?: number;
  p50Ms: number;
  p99Ms: number;
  importSeconds?: number;
}

const QUERIES = 1000;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function benchBackend(backend: string, database: DatabaseHandle, files: { label: string; path: string; filters: ServiceFilters }[], zips: string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const repository = new FacilityRepository(database.db);
  for (const file of files) {
    const started = performance.now();
    const summary = await importFacilities(repository, readFileSync(file.path), { format: 'csv', source: file.label });
    const importSeconds = (performance.now() - started) / 1000;
    const finder = new FacilityFinder(repository);
    await finder.rebuild();
    const filterText = Object.entries(file.filters).map(([k, v]) => `${k}=${v}`).join('&') || 'no filter';
    // Warm up, then time one query per sampled ZIP: index walk plus reading the page's rows.
    for (const zip of zips.slice(0, 50)) await finder.search({ zip, filters: file.filters });
    const samples: number[] = [];
    const start = performance.now();
    for (const zip of zips) {
      const t = performance.now();
      await finder.search({ zip, radiusMiles: 25, filters: file.filters });
      samples.push(performance.now() - t);
    }
    const totalMs = performance.now() - start;
    samples.sort((a, b) => a - b);
    rows.push({
      name: `treatment ${backend}: import ${file.label} (${summary.inserted} in, ${summary.rejected} rejected) + 25-mile query (${filterText})`,
      opsPerSec: Math.round((zips.length / totalMs) * 1000),
      p50Ms: +percentile(samples, 50).toFixed(3),
      p99Ms: +percentile(samples, 99).toFixed(3),
      importSeconds: +importSeconds.toFixed(2),
    });
  }
  return rows;
}

export async function run(): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-treatment-bench-'));
  try {
    const data = facilityFiles(dir, QUERIES);
    if (!data) {
      console.warn(`treatment bench skipped: ../shared/${NATIONAL} is absent`);
      return [];
    }
    const { files, zips } = data;
    const rows: BenchRow[] = [];
    for (const file of files) {
      // A fresh database per file, so each import starts from empty tables.
      const sqlite = openDatabase({ databaseUrl: `sqlite:${join(dir, `bench-${rows.length}.sqlite`)}`, dataDir: dir });
      await migrateToLatest(sqlite.db);
      rows.push(...(await benchBackend('sqlite', sqlite, [file], zips)));
      await sqlite.close();
      const postgres = await openTestPostgres({ skip: (reason: string) => console.warn(`treatment bench: ${reason}`) } as unknown as TestContext);
      if (postgres) {
        try {
          rows.push(...(await benchBackend('postgres', postgres, [file], zips)));
        } finally {
          await postgres.dispose();
        }
      }
    }
    return rows;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
