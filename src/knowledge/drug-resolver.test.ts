import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DrugResolver, editDistance, normaliseName } from './drug-resolver.ts';
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

  test('normalising ignores case, spacing and trademark signs', () => {
    assert.equal(normaliseName(' Lioresal®  Intrathecal '), 'lioresal intrathecal');
  });
});
