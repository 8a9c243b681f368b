import type { Drug } from './schema.ts';

export type MatchKind = 'id' | 'name' | 'brand' | 'synonym' | 'rxcui' | 'product' | 'misspelling';

export type Resolution =
  | { ok: true; drug: Drug; matchedBy: MatchKind; matched: string }
  | { ok: false; input: string; suggestions: string[] };

interface NameEntry {
  key: string;
  label: string;
  drugId: string;
  kind: Exclude<MatchKind, 'misspelling'>;
}

/** Already lower-case ASCII words with single spaces: what normaliseName would return unchanged. */
const ALREADY_NORMAL = /^[a-z0-9]+(?: [a-z0-9]+)*$/;

/** Lower-case, trimmed, with runs of spaces, dashes and slashes folded, so "Levodopa / Carbidopa" matches. */
export function normaliseName(input: string): string {
  // Most names arrive this way ("baclofen", "197391"); one test skips Unicode normalisation and two replaces.
  if (ALREADY_NORMAL.test(input)) return input;
  return input
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[®™]/g, '')
    .replace(/[\s\-/_,]+/g, ' ')
    .trim();
}

/**
 * Resolves what a person or a health record system calls a drug (id, name, brand, synonym, RxCUI,
 * product name or product RxCUI, any case) to one drug record; near misspellings resolve to the
 * closest name when only one is that close, and otherwise come back as suggestions.
 */
export class DrugResolver {
  private readonly exact = new Map<string, NameEntry>();
  /** Names a misspelling may be matched to, by key length: a search reads only lengths that could be close. */
  private readonly entriesByLength: NameEntry[][] = [];
  /**
   * Fuzzy answers by normalised input, least recently used first. Content never changes while the
   * process runs, so an answer never goes stale; the bound keeps unique junk input from growing it.
   */
  private readonly fuzzyMemo = new Map<string, FuzzyOutcome>();

  constructor(private readonly drugs: Map<string, Drug>) {
    for (const drug of drugs.values()) {
      // The name first: when it equals the id, the entry shows the name to people.
      this.add(drug.name, drug.name, drug.id, 'name');
      this.add(drug.id, drug.name, drug.id, 'id');
      for (const brand of drug.brandNames) this.add(brand, brand, drug.id, 'brand');
      for (const synonym of drug.synonyms) this.add(synonym, synonym, drug.id, 'synonym');
      if (drug.codes?.rxcui) this.add(drug.codes.rxcui.value, drug.name, drug.id, 'rxcui');
      for (const product of drug.products) {
        this.add(product.rxcui, product.name, drug.id, 'product');
        this.add(product.name, product.name, drug.id, 'product');
      }
    }
  }

  private add(raw: string, label: string, drugId: string, kind: NameEntry['kind']): void {
    const key = normaliseName(raw);
    if (!key || this.exact.has(key)) return;
    const entry = { key, label, drugId, kind };
    this.exact.set(key, entry);
    if (kind !== 'rxcui' && kind !== 'product') (this.entriesByLength[key.length] ??= []).push(entry);
  }

  resolve(input: string): Resolution {
    const key = normaliseName(input);
    const hit = this.exact.get(key);
    if (hit) return { ok: true, drug: this.drugs.get(hit.drugId)!, matchedBy: hit.kind, matched: hit.label };
    if (key.length < 3 || /^\d+$/.test(key)) return { ok: false, input, suggestions: [] };

    const outcome = this.fuzzy(key);
    return outcome.drugId !== undefined
      ? { ok: true, drug: this.drugs.get(outcome.drugId)!, matchedBy: 'misspelling', matched: outcome.matched }
      : { ok: false, input, suggestions: [...outcome.suggestions] };
  }

  /** How many fuzzy answers are remembered (bounded). */
  get rememberedAnswers(): number {
    return this.fuzzyMemo.size;
  }

  private fuzzy(key: string): FuzzyOutcome {
    const remembered = this.fuzzyMemo.get(key);
    if (remembered) {
      // Re-inserting moves it to the most recently used end.
      this.fuzzyMemo.delete(key);
      this.fuzzyMemo.set(key, remembered);
      return remembered;
    }
    const outcome = this.search(key);
    this.fuzzyMemo.set(key, outcome);
    if (this.fuzzyMemo.size > FUZZY_MEMO_ENTRIES) this.fuzzyMemo.delete(this.fuzzyMemo.keys().next().value!);
    return outcome;
  }

  private search(key: string): FuzzyOutcome {
    const tolerance = Math.max(1, Math.floor(key.length / 4));
    // Suggestions go up to tolerance + 2; anything further is never shown, so its exact distance is not needed.
    const ranked = this.nearest(key, tolerance + 2);
    const best = ranked[0];
    // Accept a misspelling only when it is close and no other drug is as close: a wrong guess at a drug
    // name is worse than asking.
    if (best && best.distance <= tolerance && (ranked[1]?.distance ?? Infinity) > best.distance) {
      return { drugId: best.drugId, matched: best.label };
    }
    return { suggestions: Object.freeze(ranked.slice(0, 5).map((r) => r.label)) };
  }

  /** Names within `limit` edits, the closest one per drug, nearest first. */
  private nearest(key: string, limit: number): { drugId: string; label: string; distance: number }[] {
    const bestByDrug = new Map<string, { drugId: string; label: string; distance: number; kind: NameEntry['kind'] }>();
    // Names more than four characters longer or shorter are never offered, however long the input.
    const lengthSlack = Math.min(4, limit);
    const maxLength = Math.min(this.entriesByLength.length - 1, key.length + lengthSlack);
    for (let length = Math.max(0, key.length - lengthSlack); length <= maxLength; length++) {
      for (const entry of this.entriesByLength[length] ?? []) {
        const distance = editDistanceWithin(key, entry.key, limit);
        if (distance > limit) continue;
        const current = bestByDrug.get(entry.drugId);
        // On a tie, show a person the drug's name or brand rather than its id.
        if (!current || distance < current.distance || (distance === current.distance && current.kind === 'id')) {
          bestByDrug.set(entry.drugId, { drugId: entry.drugId, label: entry.label, distance, kind: entry.kind });
        }
      }
    }
    return [...bestByDrug.values()].sort((a, b) => a.distance - b.distance || a.label.localeCompare(b.label));
  }
}

export const FUZZY_MEMO_ENTRIES = 4096;

type FuzzyOutcome = { drugId: string; matched: string } | { drugId?: undefined; suggestions: readonly string[] };

// Rows reused across calls (the resolver is synchronous), so a search allocates nothing per name.
let scratch: [Int32Array, Int32Array, Int32Array] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * The edit distance when it is at most `limit`, otherwise some number above `limit`. Three rows of the
 * table are kept instead of the whole table, and the search stops as soon as a row has nothing within
 * the limit (a row's smallest value never decreases further down, transpositions included).
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const cols = b.length + 1;
  if (scratch[0].length < cols) scratch = [new Int32Array(cols * 2), new Int32Array(cols * 2), new Int32Array(cols * 2)];
  let [twoBack, previous, current] = scratch;
  for (let j = 0; j < cols; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, twoBack[j - 2]! + 1);
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > limit) return limit + 1;
    [twoBack, previous, current] = [previous, current, twoBack];
  }
  return previous[b.length]!;
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("baclofne"). The plain full-table form: the reference `editDistanceWithin` is tested against. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, d[i - 2]![j - 2]! + 1);
      d[i]![j] = value;
    }
  }
  return d[a.length]![b.length]!;
}
