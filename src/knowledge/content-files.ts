import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';

/** One problem found in one content file, with the field that is wrong and what was expected. */
export interface ContentIssue {
  file: string;
  field: string;
  message: string;
}

export class ContentError extends Error {
  constructor(readonly issues: ContentIssue[]) {
    super(
      `The content has ${issues.length} problem${issues.length === 1 ? '' : 's'}:\n` +
        issues.map((i) => `  - ${i.file}: ${i.field || '(file)'}: ${i.message}`).join('\n'),
    );
    this.name = 'ContentError';
  }
}

export interface ParsedFile<T> {
  file: string;
  value: T;
}

/** Collects issues instead of stopping at the first, so one run reports every broken file. */
export class IssueCollector {
  readonly issues: ContentIssue[] = [];
  constructor(private readonly root: string) {}

  add(file: string, field: string, message: string): void {
    this.issues.push({ file: this.display(file), field, message });
  }

  display(file: string): string {
    return relative(this.root, file) || file;
  }

  throwIfAny(): void {
    if (this.issues.length > 0) throw new ContentError(this.issues);
  }
}

/** Parses one YAML file against a schema; records issues and returns undefined when it fails. */
export function readYamlFile<S extends z.ZodType>(
  file: string,
  schema: S,
  issues: IssueCollector,
): z.infer<S> | undefined {
  let data: unknown;
  try {
    data = parseYaml(readFileSync(file, 'utf8'), { prettyErrors: true });
  } catch (error) {
    const message = error instanceof YAMLParseError ? error.message.split('\n')[0] : String(error);
    issues.add(file, '', `not valid YAML: ${message}`);
    return undefined;
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      issues.add(file, issue.path.map(String).join('.'), describeIssue(issue));
    }
    return undefined;
  }
  return parsed.data;
}

/** Reads every `*.yaml` file in a folder (sorted, so results are stable); a missing folder is empty. */
export function readYamlDir<S extends z.ZodType>(
  dir: string,
  schema: S,
  issues: IssueCollector,
): ParsedFile<z.infer<S>>[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
    .sort();
  const out: ParsedFile<z.infer<S>>[] = [];
  for (const name of files) {
    const file = join(dir, name);
    const value = readYamlFile(file, schema, issues);
    if (value !== undefined) out.push({ file, value });
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') return `expected ${issue.expected}${issue.message.includes('received') ? ` (${issue.message.replace(/^.*received/, 'received')})` : ''}`;
  if (issue.code === 'unrecognized_keys') return `unknown field(s) ${issue.keys.join(', ')}`;
  return issue.message;
}
