/**
 * Screening benchmark, in-process: parsing and scoring answers for each instrument, the red-flag
 * triage alone, and building the FHIR QuestionnaireResponse. No server, no I/O.
 * Run alone: node --import tsx bench/screening.bench.ts   (bench/run.ts imports run()).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { parseAnswers } from '../src/screening/answers.ts';
import { loadInstruments } from '../src/screening/instruments.ts';
import { buildQuestionnaireResponse } from '../src/screening/questionnaire-response.ts';
import type { TriageRules } from '../src/screening/rules-schema.ts';
import { runScreening } from '../src/screening/screen.ts';
import { triageWithdrawal } from '../src/screening/withdrawal-triage.ts';
import { timeIt, type BenchRow } from './timing.ts';


export async function run(): Promise<BenchRow[]> {
  const contentDir = process.env.CONTENT_DIR ?? 'content';
  const sourceIds = new Set(readdirSync(`${contentDir}/sources`).map((n) => n.replace(/\.ya?ml$/, '')));
  const instruments = loadInstruments(contentDir, sourceIds);
  const crisisLines = parseYaml(readFileSync(`${contentDir}/crisis-lines.yaml`, 'utf8')).lines;
  const audit = instruments.get('audit')!;
  const auditC = instruments.get('audit-c')!;
  const misuse = instruments.get('baclofen-misuse')!;
  const withdrawal = instruments.get('baclofen-withdrawal')!;
  const auditAnswers = { q1: 3, q2: 2, q3: 2, q4: 2, q5: 1, q6: 0, q7: 1, q8: 1, q9: 0, q10: 4 };
  const misuseAnswers = Object.fromEntries(misuse.items.map((i, n) => [i.linkId, n % 3 === 0]));
  const withdrawalAnswers = { ...Object.fromEntries(withdrawal.items.filter((i) => i.type === 'boolean').map((i) => [i.linkId, false])), route: 'intrathecal', 'hours-since-last-dose': 20, confusion: true };
  const parsedWithdrawal = parseAnswers(withdrawal, withdrawalAnswers).answers;
  const parsedAudit = parseAnswers(audit, auditAnswers).answers;
  const N = 50_000;
  return [
    await timeIt('screen audit-c (parse + score + resources)', () => runScreening(auditC, { q1: 3, q2: 2, q3: 1 }, 'female', crisisLines), N),
    await timeIt('screen audit (10 items, zones + step-up)', () => runScreening(audit, auditAnswers, undefined, crisisLines), N),
    await timeIt('screen baclofen-misuse (checklist)', () => runScreening(misuse, misuseAnswers, undefined, crisisLines), N),
    await timeIt('screen baclofen-withdrawal (red flag, dispatcher text)', () => runScreening(withdrawal, withdrawalAnswers, undefined, crisisLines), N),
    await timeIt('red-flag triage only (parsed answers)', () => triageWithdrawal(withdrawal.rules as TriageRules, parsedWithdrawal), N * 4),
    await timeIt('build QuestionnaireResponse (audit)', () => buildQuestionnaireResponse(audit, parsedAudit, new Date()), N),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.table(await run());
}
