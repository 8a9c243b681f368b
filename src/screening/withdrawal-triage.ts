import type { Answers } from './answers.ts';
import { isYes } from './answers.ts';
import type { TriageRules } from './rules-schema.ts';

export type Route = 'oral' | 'intrathecal';

export interface WithdrawalTriage {
  action: 'emergency' | 'urgent' | 'information';
  /** linkIds that made this an emergency (empty unless action is emergency). */
  redFlags: string[];
  /** Other warning signs answered yes. */
  warningSigns: string[];
  suspectedOverdose: boolean;
  /** Undefined when the route was not answered: then every route's red flags apply. */
  route?: Route;
}

export function routeOf(answers: Answers): Route | undefined {
  const answer = answers.get('route');
  const code = answer?.type === 'choice' ? answer.coding.code : undefined;
  return code === 'oral' || code === 'intrathecal' ? code : undefined;
}

/**
 * The red flags present in the answers. A route-specific flag also applies when the route is
 * unknown: with half-filled answers, the stricter reading is the safe one.
 */
export function findRedFlags(rules: TriageRules, answers: Answers): string[] {
  const route = routeOf(answers);
  const flagged = new Set<string>();
  for (const flag of rules.redFlags) {
    if (flag.routes && route && !flag.routes.includes(route)) continue;
    if (!flag.allOf.every((linkId) => isYes(answers, linkId))) continue;
    const present = flag.anyOf.filter((linkId) => isYes(answers, linkId));
    if (present.length === 0) continue;
    for (const linkId of [...flag.allOf, ...present]) flagged.add(linkId);
  }
  return [...flagged];
}

/**
 * Red flags are decided first and return at once: no later rule runs, so nothing can turn a red flag
 * into a milder action. Works on partial answers, so a half-filled form with a red flag still gets 911.
 */
export function triageWithdrawal(rules: TriageRules, answers: Answers): WithdrawalTriage {
  const route = routeOf(answers);
  const suspectedOverdose = isYes(answers, rules.overdose.linkId);
  const redFlags = findRedFlags(rules, answers);
  const warningSigns = rules.urgentSigns.linkIds.filter((linkId) => isYes(answers, linkId) && !redFlags.includes(linkId));
  if (redFlags.length > 0) return { action: 'emergency', redFlags, warningSigns, suspectedOverdose, route };
  const action = warningSigns.length > 0 || suspectedOverdose ? 'urgent' : 'information';
  return { action, redFlags: [], warningSigns, suspectedOverdose, route };
}

/** What to say to the 911 dispatcher, in the order they ask: who, what, since when. */
export function dispatcherScript(rules: TriageRules, triage: WithdrawalTriage, hoursSinceLastDose?: number): string[] {
  const label = (linkId: string) => rules.labels[linkId] ?? linkId;
  const lines = [
    triage.route === 'intrathecal'
      ? 'Say the person has an implanted intrathecal baclofen pump (baclofen delivered into the spine).'
      : triage.route === 'oral'
        ? 'Say the person takes baclofen by mouth.'
        : 'Say the person takes baclofen.',
    `Say what you see: ${[...triage.redFlags, ...triage.warningSigns].map(label).join(', ')}.`,
  ];
  if (triage.route === 'intrathecal') {
    lines.push('Say that sudden interruption of intrathecal baclofen can be life-threatening, and give the pump clinic’s details if you have them.');
  }
  if (triage.suspectedOverdose) lines.push('Say they may have taken more baclofen than prescribed: how much and when, if you know.');
  if (hoursSinceLastDose !== undefined) lines.push(`Say the last dose by mouth was about ${hoursSinceLastDose} hours ago.`);
  lines.push('Keep the medicine, its packaging or the pump card to show the paramedics, and stay with the person.');
  return lines;
}
