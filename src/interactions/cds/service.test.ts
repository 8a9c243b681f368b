import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Bundle, MedicationRequest } from '@medplum/fhirtypes';
import fc from 'fast-check';
import type { KnowledgeBase } from '../../knowledge/knowledge-base.ts';
import { realChecker, realContent } from '../test-support.ts';
import { RXNORM_SYSTEM } from './medications.ts';
import { answerJson } from '../../web/frozen-json.ts';
import { interactionCards } from './service.ts';

const request = (id: string, status: MedicationRequest['status'], text: string, rxcui?: string): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id,
  status,
  intent: 'order',
  subject: { reference: 'Patient/p1' },
  medicationCodeableConcept: { text, ...(rxcui ? { coding: [{ system: RXNORM_SYSTEM, code: rxcui }] } : {}) },
});
const bundle = (resources: MedicationRequest[]): Bundle => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });

test('a 50-medication order-sign names each medication once per request, and still finds the draft interaction', () => {
  const { kb } = realContent();
  let resolutions = 0;
  // The real knowledge base, counting how often the service asks it to identify a name.
  const counting = Object.create(kb, {
    resolveDrug: { value: (input: string) => (resolutions++, kb.resolveDrug(input)) },
  }) as KnowledgeBase;
  // An unknown RxCUI first, so each of these costs two tries before its text resolves.
  const others = [...kb.drugs.keys()].filter((id) => id !== 'baclofen');
  const actives = Array.from({ length: 48 }, (_, i) => request(`a${i}`, 'active', others[i % others.length]!, '99999999'));
  actives.push(request('a-misspelt', 'active', 'tramadoll'));
  const cards = interactionCards(counting, realChecker(), {
    draftOrders: bundle([request('d1', 'draft', 'baclofen')]),
    selections: [],
    active: bundle(actives),
    baseUrl: 'https://rxsafety.test',
  });
  const candidates = 1 + 48 * 2 + 1;
  assert.ok(resolutions <= candidates, `${resolutions} resolutions for ${candidates} candidate names: names are resolved more than once`);
  assert.ok(cards.some((c) => /Baclofen \+ Tramadol/.test(c.summary) && c.indicator === 'warning'), JSON.stringify(cards.map((c) => c.summary)));
  // Active against active is never reported: only pairs with the draft baclofen.
  assert.ok(cards.filter((c) => / interaction: /.test(c.summary)).every((c) => /Baclofen/.test(c.summary)));
});

test('cards and their JSON are the same whether built afresh or remembered, for any orders and base URL', () => {
  const { kb } = realContent();
  const names = [...kb.drugs.keys(), 'Lioresal', 'Xanax', 'alcohol', 'Zorblax'];
  const origins = ['https://rxsafety.test', 'http://127.0.0.1:3000', 'https://a.example', 'https://b.example', 'https://c.example', 'https://d.example', 'https://e.example', 'https://f.example', 'https://g.example'];
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...names), { minLength: 1, maxLength: 4 }), fc.array(fc.constantFrom(...names), { maxLength: 8 }), fc.constantFrom(...origins), (drafts, actives, baseUrl) => {
      const input = {
        draftOrders: bundle(drafts.map((text, i) => request(`d${i}`, 'draft', text))),
        selections: [],
        active: bundle(actives.map((text, i) => request(`a${i}`, 'active', text))),
        baseUrl,
      };
      const first = interactionCards(kb, realChecker(), input);
      const again = interactionCards(kb, realChecker(), input);
      assert.deepEqual(again, first);
      // The same JSON value (remembered card text writes non-ASCII characters as \u escapes).
      assert.deepEqual(JSON.parse(answerJson({ cards: again })), JSON.parse(JSON.stringify({ cards: first })));
      for (const card of first.filter((c) => c.source.url?.includes('/interactions/rules/'))) assert.ok(card.source.url!.startsWith(`${baseUrl}/`), 'a card remembered for another base URL');
    }),
    { numRuns: 300 },
  );
});
