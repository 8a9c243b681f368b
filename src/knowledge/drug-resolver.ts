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

/** Lower-case, trimmed, with runs of spaces, dashes and slashes folded, so "Levodopa / Carbidopa" matches. */
export function normaliseName(input: string): string {
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
  private readonly entries: NameEntry[] = [];

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
    if (kind !== 'rxcui' && kind !== 'product') this.entries.push(entry);
  }

  resolve(input: string): Resolution {
    const key = normaliseName(input);
    const hit = this.exact.get(key);
    if (hit) return { ok: true, drug: this.drugs.get(hit.drugId)!, matchedBy: hit.kind, matched: hit.label };
    if (key.length < 3 || /^\d+$/.test(key)) return { ok: false, input, suggestions: [] };

    const ranked = this.nearest(key);
    const best = ranked[0];
    const tolerance = Math.max(1, Math.floor(key.length / 4));
    // Accept a misspelling only when it is close and no other drug is as close: a wrong guess at a drug
    // name is worse than asking.
    if (best && best.distance <= tolerance && (ranked[1]?.distance ?? Infinity) > best.distance) {
      return { ok: true, drug: this.drugs.get(best.drugId)!, matchedBy: 'misspelling', matched: best.label };
    }
    return { ok: false, input, suggestions: ranked.filter((r) => r.distance <= tolerance + 2).slice(0, 5).map((r) => r.label) };
  }

  /** Closest names, one per drug, nearest first. */
  private nearest(key: string): { drugId: string; label: string; distance: number }[] {
    const bestByDrug = new Map<string, { drugId: string; label: string; distance: number; kind: NameEntry['kind'] }>();
    for (const entry of this.entries) {
      if (Math.abs(entry.key.length - key.length) > 4) continue;
      const distance = editDistance(key, entry.key);
      const current = bestByDrug.get(entry.drugId);
      // On a tie, show a person the drug's name or brand rather than its id.
      if (!current || distance < current.distance || (distance === current.distance && current.kind === 'id')) {
        bestByDrug.set(entry.drugId, { drugId: entry.drugId, label: entry.label, distance, kind: entry.kind });
      }
    }
    return [...bestByDrug.values()].sort((a, b) => a.distance - b.distance || a.label.localeCompare(b.label));
  }
}

/** Optimal string alignment distance: Levenshtein plus adjacent transpositions ("baclofne"). */
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
