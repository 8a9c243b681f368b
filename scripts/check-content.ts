// Validates content/ and prints a one-line summary, or every problem found. Used while writing content.
import { loadContent } from '../src/knowledge/load.ts';
import { ContentError } from '../src/knowledge/content-files.ts';

try {
  const c = loadContent(process.argv[2] ?? 'content');
  const claims = c.drugs.reduce((n, d) => n + d.sections.reduce((m, s) => m + s.claims.length, 0), 0);
  console.log(`content ok: ${c.drugs.length} drugs, ${claims} claims, ${c.studies.length} studies, ${c.sources.length} sources`);
} catch (error) {
  if (error instanceof ContentError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
