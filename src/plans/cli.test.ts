import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runCli } from '../cli/main.ts';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const status = await runCli(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { status, out: out.join('\n'), err: err.join('\n') };
}

test('plan titrate prints the label schedule with the draft notice', async () => {
  const { status, out } = await run('plan', 'titrate', '--target', '60', '--start', '2026-12-01');
  assert.equal(status, 0);
  assert.match(out, /Days 1-3 +2026-12-01 to 2026-12-03: 5 mg three times a day/);
  assert.match(out, /Days 10-12 +2026-12-10 to 2026-12-12: 20 mg three times a day/);
  assert.match(out, /draft plan to agree with your prescriber/);
});

test('plan taper --json gives the API shape, ending at zero; --ics gives a calendar', async () => {
  const json = await run('plan', 'taper', '--from', '60', '--weeks', '26', '--egfr', '45', '--json');
  assert.equal(json.status, 0);
  const plan = JSON.parse(json.out);
  assert.equal(plan.kind, 'taper');
  assert.equal(plan.schedule.at(-1).dailyMg, 0);
  const ics = await run('plan', 'taper', '--from', '60', '--weeks', '26', '--ics');
  assert.match(ics.out, /^BEGIN:VCALENDAR/);
});

test('refusals exit 1 with the reason; bad input exits 2 naming the field', async () => {
  const refused = await run('plan', 'titrate', '--target', '500');
  assert.equal(refused.status, 1);
  assert.match(refused.err, /targetDailyMg: 500 mg a day is above the 80 mg a day maximum/);
  const kidneys = await run('plan', 'titrate', '--target', '30', '--egfr', '20');
  assert.equal(kidneys.status, 1);
  assert.match(kidneys.err, /below 30/);
  const bad = await run('plan', 'taper', '--from', 'lots');
  assert.equal(bad.status, 2);
  assert.match(bad.err, /currentDailyMg/);
  const noDose = await run('plan', 'titrate');
  assert.equal(noDose.status, 2);
  assert.match(noDose.err, /targetDailyMg/);
});
