import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import {
  ClassesFileSchema,
  ConditionsFileSchema,
  CrisisLinesFileSchema,
  type CrisisLine,
  DrugSchema,
  SourceSchema,
  StudySchema,
  type Condition,
  type Drug,
  type DrugClass,
  type Source,
  type Study,
} from './schema.ts';
import { IssueCollector, readYamlDir, readYamlFile } from './content-files.ts';

export interface Content {
  drugs: Drug[];
  sources: Source[];
  studies: Study[];
  classes: DrugClass[];
  conditions: Condition[];
  crisisLines: CrisisLine[];
}

/**
 * Reads and validates all of content/: every file against its schema, then every reference across
 * files. Throws ContentError listing every problem (file, field, what was expected).
 */
export function loadContent(contentDir: string): Content {
  const issues = new IssueCollector(contentDir);
  const sources = readYamlDir(join(contentDir, 'sources'), SourceSchema, issues);
  const drugs = readYamlDir(join(contentDir, 'drugs'), DrugSchema, issues);
  const studies = readYamlDir(join(contentDir, 'studies'), StudySchema, issues);
  const classesFile = join(contentDir, 'classes.yaml');
  const conditionsFile = join(contentDir, 'conditions.yaml');
  const classes = readYamlFile(classesFile, ClassesFileSchema, issues)?.classes ?? [];
  const conditions = readYamlFile(conditionsFile, ConditionsFileSchema, issues)?.conditions ?? [];
  const crisisFile = join(contentDir, 'crisis-lines.yaml');
  const crisisLines = readYamlFile(crisisFile, CrisisLinesFileSchema, issues)?.lines ?? [];

  for (const group of [sources, drugs, studies]) {
    for (const { file, value } of group) {
      if (basename(file).replace(/\.ya?ml$/, '') !== value.id) {
        issues.add(file, 'id', `expected the id to match the file name ("${basename(file)}")`);
      }
    }
  }
  uniqueIds(sources.map((s) => ({ file: s.file, id: s.value.id })), issues);
  uniqueIds(drugs.map((d) => ({ file: d.file, id: d.value.id })), issues);
  uniqueIds(studies.map((s) => ({ file: s.file, id: s.value.id })), issues);
  // References are checked against file names, so one broken file is reported once, not again by
  // every file that cites it.
  const sourceIds = yamlIdsIn(join(contentDir, 'sources'));
  const studyIds = yamlIdsIn(join(contentDir, 'studies'));
  const drugIds = yamlIdsIn(join(contentDir, 'drugs'));
  const classIds = uniqueIds(classes.map((c) => ({ file: classesFile, id: c.id })), issues);
  const conditionIds = uniqueIds(conditions.map((c) => ({ file: conditionsFile, id: c.id })), issues);

  const checkSources = (file: string, field: string, ids: string[]) => {
    ids.forEach((sid, i) => {
      if (!sourceIds.has(sid)) issues.add(file, `${field}.${i}`, `unknown source "${sid}" (expected a file content/sources/${sid}.yaml)`);
    });
  };

  for (const { file, value: drug } of drugs) {
    drug.classes.forEach((c, i) => {
      if (!classIds.has(c)) issues.add(file, `classes.${i}`, `unknown class "${c}" (expected one listed in content/classes.yaml)`);
    });
    if (drug.codes) checkSources(file, 'codes.sources', drug.codes.sources);
    const sectionIds = new Set<string>();
    const claimIds = new Set<string>();
    drug.sections.forEach((section, si) => {
      if (sectionIds.has(section.id)) issues.add(file, `sections.${si}.id`, `duplicate section id "${section.id}"`);
      sectionIds.add(section.id);
      section.claims.forEach((claim, ci) => {
        const field = `sections.${si}.claims.${ci}`;
        if (claimIds.has(claim.id)) issues.add(file, `${field}.id`, `duplicate claim id "${claim.id}"`);
        claimIds.add(claim.id);
        checkSources(file, `${field}.sources`, claim.sources);
        claim.table?.rows.forEach((row, ri) => {
          if (row.length !== claim.table!.columns.length) {
            issues.add(file, `${field}.table.rows.${ri}`, `expected ${claim.table!.columns.length} cells, found ${row.length}`);
          }
        });
      });
      section.studies?.forEach((sid, i) => {
        if (!studyIds.has(sid)) issues.add(file, `sections.${si}.studies.${i}`, `unknown study "${sid}"`);
      });
    });
  }

  crisisLines.forEach((line, i) => checkSources(crisisFile, `lines.${i}.sources`, line.sources));

  for (const { file, value: study } of studies) {
    if (!drugIds.has(study.drug)) issues.add(file, 'drug', `unknown drug "${study.drug}"`);
    if (!conditionIds.has(study.condition)) issues.add(file, 'condition', `unknown condition "${study.condition}" (expected one in content/conditions.yaml)`);
    checkSources(file, 'sources', study.sources);
  }

  issues.throwIfAny();
  return {
    drugs: drugs.map((d) => d.value),
    sources: sources.map((s) => s.value),
    studies: studies.map((s) => s.value),
    classes,
    conditions,
    crisisLines,
  };
}

function yamlIdsIn(dir: string): Set<string> {
  if (!existsSync(dir)) return new Set();
  return new Set(readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).map((n) => n.replace(/\.ya?ml$/, '')));
}

function uniqueIds(items: { file: string; id: string }[], issues: IssueCollector): Set<string> {
  const seen = new Set<string>();
  for (const { file, id } of items) {
    if (seen.has(id)) issues.add(file, 'id', `duplicate id "${id}"`);
    seen.add(id);
  }
  return seen;
}
