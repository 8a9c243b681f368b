import MiniSearch from 'minisearch';
import type { Content } from './load.ts';

export interface SearchResult {
  type: 'drug' | 'section' | 'study' | 'source';
  id: string;
  title: string;
  url: string;
  snippet: string;
}

interface Doc extends SearchResult {
  key: string;
  names: string;
  body: string;
}

const SNIPPET_CHARS = 200;
const RECENT_QUERIES = 2_000;
const typeBoost: Record<SearchResult['type'], number> = { drug: 3, section: 1, study: 1, source: 0.6 };

/** Full-text search over drugs, monograph sections, studies and sources; fuzzy, so "baclophen" works. */
export class SearchIndex {
  private readonly index = new MiniSearch<Doc>({
    idField: 'key',
    fields: ['title', 'names', 'body'],
    storeFields: ['type', 'id', 'title', 'url', 'snippet'],
    searchOptions: {
      boost: { title: 3, names: 3 },
      fuzzy: 0.2,
      prefix: true,
      combineWith: 'AND',
      // A drug's own record should outrank its sections when someone types the drug's name.
      boostDocument: (_id, _term, stored) => typeBoost[(stored?.type as SearchResult['type']) ?? 'section'],
    },
  });

  constructor(content: Content) {
    const docs: Doc[] = [];
    for (const drug of content.drugs) {
      docs.push({
        key: `drug:${drug.id}`,
        type: 'drug',
        id: drug.id,
        title: drug.name,
        url: `/drugs/${drug.id}`,
        names: [drug.id, ...drug.brandNames, ...drug.synonyms].join(' '),
        body: drug.summary,
        snippet: clip(drug.summary),
      });
      for (const section of drug.sections) {
        const body = section.claims.map((c) => c.text).join(' ');
        docs.push({
          key: `section:${drug.id}#${section.id}`,
          type: 'section',
          id: `${drug.id}#${section.id}`,
          title: `${drug.name}: ${section.title}`,
          url: `/drugs/${drug.id}#${section.id}`,
          names: `${drug.name} ${drug.brandNames.join(' ')}`,
          body,
          snippet: clip(body),
        });
      }
    }
    for (const study of content.studies) {
      const body = `${study.design} ${study.population} ${study.dose} ${study.outcome} ${study.effectSize}`;
      docs.push({
        key: `study:${study.id}`,
        type: 'study',
        id: study.id,
        title: study.title,
        url: `/evidence/${study.drug}/${study.condition}#study-${study.id}`,
        names: `${study.drug} ${study.condition}`,
        body,
        snippet: clip(`${study.design}; ${study.population}. ${study.outcome}: ${study.effectSize}`),
      });
    }
    for (const source of content.sources) {
      docs.push({
        key: `source:${source.id}`,
        type: 'source',
        id: source.id,
        title: source.title,
        url: `/sources/${source.id}`,
        names: source.authors,
        body: `${source.publisher} ${source.year}`,
        snippet: clip(`${source.authors} (${source.year}). ${source.publisher}.`),
      });
    }
    this.index.addAll(docs);
  }

  /** Recent answers: the content never changes while the server runs, and popular queries repeat. */
  private readonly recent = new Map<string, readonly SearchResult[]>();

  search(query: string, limit = 20): readonly SearchResult[] {
    const q = query.trim();
    if (!q) return [];
    const key = `${limit}\u0000${q.toLowerCase()}`;
    const hit = this.recent.get(key);
    if (hit) {
      // Re-insert so the Map's order is least-recently-used first.
      this.recent.delete(key);
      this.recent.set(key, hit);
      return hit;
    }
    const results = Object.freeze(this.run(q, limit));
    this.recent.set(key, results);
    if (this.recent.size > RECENT_QUERIES) this.recent.delete(this.recent.keys().next().value!);
    return results;
  }

  private run(q: string, limit: number): SearchResult[] {
    let hits = this.index.search(q);
    if (hits.length === 0) hits = this.index.search(q, { combineWith: 'OR' });
    return hits.slice(0, limit).map((h) => ({
      type: h.type as SearchResult['type'],
      id: h.id as string,
      title: h.title as string,
      url: h.url as string,
      snippet: h.snippet as string,
    }));
  }
}

function clip(text: string): string {
  return text.length <= SNIPPET_CHARS ? text : `${text.slice(0, SNIPPET_CHARS - 1).replace(/\s+\S*$/, '')}…`;
}
