import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DrugResolver, editDistance, editDistanceWithin, FUZZY_MEMO_ENTRIES, normaliseName } from './drug-resolver.ts';
import type { Drug } from './schema.ts';

function drug(id: string, name: string, extra: Partial<Drug> = {}): Drug {
  return {
    id,
    name,
    depth: 'concise',
    brandNames: [],
    synonyms: [],
    classes: [],
    products: [],
    summary: 'A test drug record.',
    review: { status: 'unreviewed', compiledOn: '2026-01-01' },
    sections: [{ id: 'overview', title: 'Overview', claims: [{ id: `${id}-c`, text: 'A claim for tests.', sources: ['s'] }] }],
    ...extra,
  };
}

const drugs = new Map(
  [
    drug('baclofen', 'Baclofen', {
      brandNames: ['Lioresal', 'Ozobax DS', 'Gablofen'],
      synonyms: ['p-chlorophenibut'],
      codes: { rxcui: { value: '1292', verification: 'verified' }, atc: [], sources: ['rxnorm'] },
      products: [{ rxcui: '197391', name: 'baclofen 10 MG Oral Tablet', verification: 'uncertain' }],
    }),
    drug('levodopa-carbidopa', 'Levodopa/carbidopa', { brandNames: ['Sinemet'] }),
    drug('tramadol', 'Tramadol'),
    drug('trazodone', 'Trazodone'),
    drug('hydroxyzine', 'Hydroxyzine'),
    drug('hydroxyzone', 'Hydroxyzone'),
  ].map((d) => [d.id, d]),
);
const resolver = new DrugResolver(drugs);

describe('drug name resolution', () => {
  test('ids, names, brands, synonyms in any case', () => {
    for (const input of ['baclofen', 'BACLOFEN', '  Baclofen ', 'lioresal', 'OZOBAX ds', 'Gablofen', 'p-chlorophenibut']) {
      const r = resolver.resolve(input);
      assert.ok(r.ok, input);
      assert.equal(r.drug.id, 'baclofen', input);
    }
  });

  test('RxCUI of the ingredient and of a product map to the ingredient', () => {
    const ingredient = resolver.resolve('1292');
    assert.ok(ingredient.ok && ingredient.drug.id === 'baclofen' && ingredient.matchedBy === 'rxcui');
    const product = resolver.resolve('197391');
    assert.ok(product.ok && product.drug.id === 'baclofen' && product.matchedBy === 'product');
    const byName = resolver.resolve('Baclofen 10 mg oral tablet');
    assert.ok(byName.ok && byName.drug.id === 'baclofen');
  });

  test('separators are folded: "levodopa / carbidopa" finds levodopa-carbidopa', () => {
    const r = resolver.resolve('Levodopa / Carbidopa');
    assert.ok(r.ok && r.drug.id === 'levodopa-carbidopa');
  });

  test('near misspellings resolve and say so', () => {
    for (const input of ['baclophen', 'baclofne', 'bacolfen', 'lioresall']) {
      const r = resolver.resolve(input);
      assert.ok(r.ok, input);
      assert.equal(r.drug.id, 'baclofen');
      assert.equal(r.matchedBy, 'misspelling');
    }
  });

  test('an ambiguous misspelling is not guessed: it comes back as suggestions', () => {
    // "hydroxyzane" is one letter from two names: guessing could swap two drugs.
    const r = resolver.resolve('hydroxyzane');
    assert.equal(r.ok, false);
    assert.ok(!r.ok && r.suggestions.includes('Hydroxyzine') && r.suggestions.includes('Hydroxyzone'), JSON.stringify(r));
  });

  test('unknown names and unknown RxCUIs are not resolved', () => {
    for (const input of ['aspirinx', '999999', 'zz', '']) assert.equal(resolver.resolve(input).ok, false, input);
  });

  test('edit distance is a metric-like count of single edits', () => {
    assert.equal(editDistance('baclofen', 'baclofen'), 0);
    assert.equal(editDistance('baclofen', 'baclophen'), 2);
    assert.equal(editDistance('baclofen', 'baclofne'), 1);
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), fc.string({ maxLength: 12 }), (a, b) => {
        const d = editDistance(a, b);
        return d === editDistance(b, a) && d <= Math.max(a.length, b.length) && (d === 0) === (a === b);
      }),
    );
  });

  test('the bounded edit distance agrees with the full table within the limit and says "further" beyond it', () => {
    const text = fc.string({ maxLength: 14, unit: fc.constantFrom('a', 'b', 'c', 'l', 'o', 'f', 'e', 'n') });
    fc.assert(
      fc.property(text, text, fc.integer({ min: 0, max: 6 }), (a, b, limit) => {
        const full = editDistance(a, b);
        const bounded = editDistanceWithin(a, b, limit);
        if (full <= limit) assert.equal(bounded, full, `${a} ${b} within ${limit}`);
        else assert.ok(bounded > limit, `${a} ${b}: ${bounded} reported within ${limit}, full distance ${full}`);
      }),
      { numRuns: 2000 },
    );
  });

  test("a remembered fuzzy answer is the same answer, carries the caller's own input, and cannot be changed by a caller", () => {
    const fresh = new DrugResolver(drugs);
    const first = fresh.resolve('hydroxyzane');
    assert.ok(!first.ok);
    first.suggestions.length = 0;
    const again = fresh.resolve('  HYDROXYZANE ');
    assert.ok(!again.ok);
    assert.equal(again.input, '  HYDROXYZANE ');
    assert.deepEqual(again.suggestions, ['Hydroxyzine', 'Hydroxyzone']);
    for (let i = 0; i < 3; i++) {
      const r = fresh.resolve('baclofne');
      assert.ok(r.ok && r.drug.id === 'baclofen' && r.matchedBy === 'misspelling' && r.matched === 'Baclofen');
    }
  });

  test('the memory of fuzzy answers is bounded and keeps the recently used ones', () => {
    const fresh = new DrugResolver(drugs);
    fresh.resolve('baclofne');
    for (let i = 0; i < FUZZY_MEMO_ENTRIES + 500; i++) {
      fresh.resolve(`unknown drug ${i}`);
      if (i % 1000 === 0) fresh.resolve('baclofne');
    }
    assert.equal(fresh.rememberedAnswers, FUZZY_MEMO_ENTRIES);
    const r = fresh.resolve('baclofne');
    assert.ok(r.ok && r.drug.id === 'baclofen');
  });

  test('normalising ignores case, spacing and trademark signs', () => {
    assert.equal(normaliseName(' Lioresal®  Intrathecal '), 'lioresal intrathecal');
  });

  test('property: names that are already normal come back as they are, and any name gets the full folding', () => {
    // The folding as specified, step by step: normaliseName skips it for names it would not change.
    const folded = (s: string) => s.normalize('NFKC').toLowerCase().replace(/[®™]/g, '').replace(/[\s\-/_,]+/g, ' ').trim();
    const nameLike = fc.string({ unit: fc.constantFrom(...'abcXYZ019 -/_,®™\tﬁＡé'.split('')), maxLength: 16 });
    fc.assert(
      fc.property(fc.oneof(nameLike, fc.string(), fc.string({ unit: 'binary' })), (name) => {
        assert.equal(normaliseName(name), folded(name));
        assert.equal(normaliseName(normaliseName(name)), normaliseName(name), 'not idempotent');
      }),
      { numRuns: 2000 },
    );
  });
});
