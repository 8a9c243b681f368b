import { DrugResolver, type Resolution } from './drug-resolver.ts';
import { loadContent, type Content } from './load.ts';
import type { Condition, Drug, DrugClass, Source, Study } from './schema.ts';
import { SearchIndex, type SearchResult } from './search-index.ts';
import { createHash } from 'node:crypto';

/**
 * The validated, indexed content that every feature reads. Built once at start-up; immutable.
 * `version` changes whenever any content changes, so caches (rendered pages, the PDF guide) key on it.
 */
export class KnowledgeBase {
  readonly drugs: ReadonlyMap<string, Drug>;
  readonly sources: ReadonlyMap<string, Source>;
  readonly studies: readonly Study[];
  readonly classes: ReadonlyMap<string, DrugClass>;
  readonly conditions: ReadonlyMap<string, Condition>;
  readonly version: string;
  private readonly resolver: DrugResolver;
  private readonly searchIndex: SearchIndex;

  constructor(readonly content: Content) {
    const drugs = new Map(content.drugs.map((d) => [d.id, d]));
    this.drugs = drugs;
    this.sources = new Map(content.sources.map((s) => [s.id, s]));
    this.studies = content.studies;
    this.classes = new Map(content.classes.map((c) => [c.id, c]));
    this.conditions = new Map(content.conditions.map((c) => [c.id, c]));
    this.resolver = new DrugResolver(drugs);
    this.searchIndex = new SearchIndex(content);
    this.version = createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
  }

  static fromDirectory(contentDir: string): KnowledgeBase {
    return new KnowledgeBase(loadContent(contentDir));
  }

  resolveDrug(input: string): Resolution {
    return this.resolver.resolve(input);
  }

  search(query: string, limit?: number): readonly SearchResult[] {
    return this.searchIndex.search(query, limit);
  }

  studiesFor(filter: { drug?: string; condition?: string } = {}): Study[] {
    return this.studies.filter(
      (s) => (!filter.drug || s.drug === filter.drug) && (!filter.condition || s.condition === filter.condition),
    );
  }

  /** Sources in the order a drug page first cites them: this order numbers the references. */
  citedSources(drug: Drug): Source[] {
    const ids: string[] = [];
    const seen = new Set<string>();
    const visit = (sid: string) => {
      if (!seen.has(sid)) {
        seen.add(sid);
        ids.push(sid);
      }
    };
    for (const section of drug.sections) {
      for (const claim of section.claims) claim.sources.forEach(visit);
      for (const studyId of section.studies ?? []) {
        this.studies.find((s) => s.id === studyId)?.sources.forEach(visit);
      }
    }
    drug.codes?.sources.forEach(visit);
    return ids.map((id) => this.sources.get(id)!);
  }
}
