import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { readFileSync } from 'node:fs';
import type { CrisisLine } from '../knowledge/schema.ts';
import { loadInstruments, type Instrument, type InstrumentId } from './instruments.ts';
import type { ChecklistRules, SumWithCutoffRules, TriageRules, ZoneRules } from './rules-schema.ts';

/** The real instruments from content/, for domain tests (no server needed). */
const CONTENT_DIR = 'content';
const sourceIds = new Set(readdirSync(join(CONTENT_DIR, 'sources')).map((n) => n.replace(/\.ya?ml$/, '')));
export const instruments = loadInstruments(CONTENT_DIR, sourceIds);
export const crisisLines: CrisisLine[] = parseYaml(readFileSync(join(CONTENT_DIR, 'crisis-lines.yaml'), 'utf8')).lines;

export const instrument = (id: InstrumentId): Instrument => instruments.get(id)!;
export const auditCRules = instrument('audit-c').rules as SumWithCutoffRules;
export const auditRules = instrument('audit').rules as ZoneRules;
export const misuseRules = instrument('baclofen-misuse').rules as ChecklistRules;
export const withdrawalRules = instrument('baclofen-withdrawal').rules as TriageRules;
