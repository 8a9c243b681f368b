import type { PlanRules, RuleName } from './rules.ts';
import { deepFreeze } from '../lib/deep-freeze.ts';

/** What a person asks for; the HTTP schema and the CLI both produce this. */
export interface PlanRequest {
  drug: string;
  route: 'oral' | 'intrathecal';
  /** Titration: the daily dose to reach. */
  targetDailyMg?: number;
  /** Taper: the daily dose taken now. */
  currentDailyMg?: number;
  dosesPerDay?: number;
  /** YYYY-MM-DD; today (UTC) when absent. */
  startDate?: string;
  stepDays?: number;
  egfr?: number;
  crcl?: number;
  dialysis?: boolean;
  age?: number;
  /** Taper: how long the current dose has been taken. */
  durationWeeks?: number;
}

export interface TabletCount {
  strengthMg: number;
  count: number;
}

export interface PlanStep {
  startDay: number;
  endDay: number;
  startDate: string;
  endDate: string;
  /** One dose; 0 on the final "stop" step of a taper. */
  doseMg: number;
  timesPerDay: number;
  dailyMg: number;
  /** Tablets for ONE dose (empty when the plan uses the oral solution, or on the stop step). */
  tablets: TabletCount[];
  /** Oral solution for ONE dose, in mL, when the plan uses it. */
  solutionMl?: number;
}

export interface PlanWarning {
  code: string;
  message: string;
  sources: string[];
}

export interface WithdrawalSign {
  id: string;
  name: string;
  action: 'prescriber' | 'emergency';
  whatToDo: string;
}

export interface Plan {
  drug: string;
  kind: 'titration' | 'taper';
  route: 'oral';
  form: 'tablets' | 'oral-solution';
  schedule: PlanStep[];
  totalDays: number;
  /** Everything needed for the whole plan, so a pharmacy can dispense it. */
  dispense: { tablets: TabletCount[]; solutionMl?: number; solutionMgPerMl?: number };
  kidney?: { mlPerMin: number; reductionFraction: number; ceilingDailyMg: number };
  withdrawalSigns: WithdrawalSign[];
  warnings: PlanWarning[];
  sources: string[];
  disclaimer: string;
}

/**
 * Warnings the same in every plan (no prefix), or in every plan of one shape (planShapeWarning): built
 * once per rules and frozen, so their JSON is written once.
 */
const fixedWarnings = new WeakMap<PlanRules, Map<string, PlanWarning>>();

/** A warning made from a rule: its text and its sources travel together. */
export function ruleWarning(rules: PlanRules, code: string, rule: RuleName, prefix = ''): PlanWarning {
  const { text, sources } = rules.rules[rule];
  if (prefix) return { code, message: `${prefix} ${text}`, sources: [...sources] };
  return fixedWarning(rules, code, text, rule);
}

/**
 * A rule's warning after a prefix that says nothing about the person, only about the plan (its step
 * length and duration): shared and frozen like a fixed warning, so its JSON is written once per prefix.
 * Built afresh, the taper's 800-character step warning was a new string to flatten and escape on every
 * request. There are few such prefixes (steps of 1 to 60 days, paths of a few levels); past
 * MAX_SHARED_PREFIXES a prefix is built afresh, so memory stays bounded whatever the callers send.
 * Prefixes holding a measurement (kidney function) go through ruleWarning and are never kept.
 */
export function planShapeWarning(rules: PlanRules, code: string, rule: RuleName, prefix: string): PlanWarning {
  const kept = sharedWarnings(rules);
  const key = `${code} ${rule} ${prefix}`;
  if (!kept.has(key) && kept.size >= MAX_SHARED_PREFIXES) return ruleWarning(rules, code, rule, prefix);
  return sharedWarning(kept, key, code, rules.rules[rule].text, rules.rules[rule].sources, prefix);
}

const MAX_SHARED_PREFIXES = 4096;

/** A warning with a fixed message, citing a rule's sources: the same in every plan, so built once per rules. */
export function fixedWarning(rules: PlanRules, code: string, message: string, rule: RuleName): PlanWarning {
  const key = `${code} ${rule}`;
  const warning = sharedWarning(sharedWarnings(rules), key, code, message, rules.rules[rule].sources);
  if (warning.message !== message) throw new Error(`warning ${key} was built with two different messages`);
  return warning;
}

function sharedWarnings(rules: PlanRules): Map<string, PlanWarning> {
  let kept = fixedWarnings.get(rules);
  if (!kept) fixedWarnings.set(rules, (kept = new Map()));
  return kept;
}

/** The warning kept under `key`, built and frozen the first time: its message, `prefix text`, only then. */
function sharedWarning(kept: Map<string, PlanWarning>, key: string, code: string, text: string, sources: readonly string[], prefix = ''): PlanWarning {
  let warning = kept.get(key);
  if (!warning) kept.set(key, (warning = deepFreeze({ code, message: prefix ? `${prefix} ${text}` : text, sources: [...sources] })));
  return warning;
}

/** Every source a plan cites, once, in first-cited order. */
export function collectSources(warnings: readonly PlanWarning[]): string[] {
  // Loops rather than flatMap: this runs on every plan request, and flatMap cost more than the rest.
  const sources = new Set<string>();
  for (const warning of warnings) for (const source of warning.sources) sources.add(source);
  return [...sources];
}

const DAY_MS = 86_400_000;

/**
 * Calendar arithmetic in UTC so a plan never shifts by a day with the server's time zone.
 * Returns the date `days` after isoDate; the start is parsed once for a whole schedule.
 */
export function daysAfter(isoDate: string): (days: number) => string {
  const startMs = Date.parse(`${isoDate}T00:00:00Z`);
  return (days) => isoDay(startMs + days * DAY_MS);
}

const twoDigits = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * toISOString().slice(0, 10), written from the date's parts: toISOString was half the cost of building
 * a plan (dates are formatted twice per step). Years outside 1000–9999 take toISOString's own form.
 */
export function isoDay(ms: number): string {
  const date = new Date(ms);
  const year = date.getUTCFullYear();
  if (!(year >= 1000 && year <= 9999)) return date.toISOString().slice(0, 10);
  return `${year}-${twoDigits(date.getUTCMonth() + 1)}-${twoDigits(date.getUTCDate())}`;
}

export function todayIso(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}
