import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Reads PDFs the way a reader's software does, with Debian's poppler-utils (installed by .ci/run). */
export const hasPoppler = ['pdftotext', 'pdfinfo', 'pdftohtml'].every((tool) => spawnSync(tool, ['-v']).error === undefined);
export const NO_POPPLER = 'pdftotext, pdfinfo and pdftohtml (Debian poppler-utils) are not installed: the PDF checks were skipped';

let directory: string | undefined;
const files = new WeakMap<Buffer, string>();

/**
 * The PDF as a file the tools can open: written once per document (a test reads one PDF four or five
 * ways), into one folder for the process, removed when it exits.
 */
function fileFor(bytes: Buffer): string {
  let file = files.get(bytes);
  if (file === undefined) {
    if (directory === undefined) {
      const dir = (directory = mkdtempSync(join(tmpdir(), 'rxsafety-pdf-')));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    }
    file = join(directory, `document-${randomUUID()}.pdf`);
    writeFileSync(file, bytes);
    files.set(bytes, file);
  }
  return file;
}

function run(command: string, args: string[], bytes: Buffer): string {
  const file = fileFor(bytes);
  const result = spawnSync(command, [...args, file, ...(command === 'pdftotext' ? ['-'] : [])], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(result.status, 0, `${command} failed: ${result.stderr}`);
  return result.stdout;
}

/**
 * White space collapsed and hyphens dropped: pdftotext joins a word hyphenated across a line
 * ("self-" / "case" → "selfcase"), so both sides are compared without hyphens.
 */
export const flat = (text: string) => text.replace(/-/g, '').replace(/\s+/g, ' ');

/** The page text as pdftotext lays it out, flattened. */
export function pdfText(bytes: Buffer): string {
  return flat(run('pdftotext', ['-enc', 'UTF-8'], bytes));
}

/** Each page's text as pdftotext lays it out physically (`-layout`): table rows stay on one line. */
export function pdfPages(bytes: Buffer): string[] {
  return run('pdftotext', ['-enc', 'UTF-8', '-layout'], bytes)
    .split('\f')
    .filter((page) => page.trim() !== '');
}

/** The text a screen reader would get: the structure tree's elements in order, with their text. */
export interface StructureElement {
  type: string;
  /** The element's own text, its pieces joined (a child's text, such as a link's, is not in it). */
  text: string;
  /** Attributes as pdfinfo prints them, e.g. { Scope: '/Column' }. */
  attributes: Record<string, string>;
  children: StructureElement[];
  /** Own text and children interleaved, as they are read. */
  content: (string | StructureElement)[];
}

/** The structure tree (`pdfinfo -struct-text`), or an empty list for an untagged PDF. */
export function pdfStructure(bytes: Buffer): StructureElement[] {
  const roots: StructureElement[] = [];
  const stack: { indent: number; element: StructureElement }[] = [];
  // pdfinfo indents each line under its element; a line belongs to the nearest element above it
  // that is indented less.
  const parentAt = (indent: number) => {
    while (stack.length > 0 && stack.at(-1)!.indent >= indent) stack.pop();
    return stack.at(-1)?.element;
  };
  for (const line of run('pdfinfo', ['-struct-text'], bytes).split('\n')) {
    const indent = line.length - line.trimStart().length;
    const text = /^\s*"(.*)"\s*$/.exec(line);
    const attribute = /^\s*\/(\w+) (.*)$/.exec(line);
    const element = /^\s*(\w+)(?: <[^>]*>)?(?: \((?:block|inline)\))?:?\s*$/.exec(line);
    if (text) {
      const parent = parentAt(indent)!;
      parent.text += text[1];
      parent.content.push(text[1]!);
    } else if (attribute) parentAt(indent)!.attributes[attribute[1]!] = attribute[2]!;
    else if (element) {
      const parent = parentAt(indent);
      const node: StructureElement = { type: element[1]!, text: '', attributes: {}, children: [], content: [] };
      if (parent) {
        parent.children.push(node);
        parent.content.push(node);
      } else roots.push(node);
      stack.push({ indent, element: node });
    }
  }
  return roots;
}

/** An element's text with its descendants', in the order a screen reader reads them. */
export function readingText(element: StructureElement): string {
  return element.content.map((piece) => (typeof piece === 'string' ? piece : readingText(piece))).join('');
}

/** Every element of the tree, depth first (reading order). */
export function* walk(elements: readonly StructureElement[]): Generator<StructureElement> {
  for (const element of elements) {
    yield element;
    yield* walk(element.children);
  }
}

/** The bookmarks (outline), in order, with the page each opens (`pdftohtml -xml`). */
export function pdfOutline(bytes: Buffer): { title: string; page: number }[] {
  const xml = run('pdftohtml', ['-xml', '-stdout', '-i', '-q'], bytes);
  const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
  return [...xml.matchAll(/<item page="(\d+)">([^<]*)<\/item>/g)].map((m) => ({
    title: m[2]!.replace(/&(\w+);/g, (whole, name: string) => entities[name] ?? whole),
    page: Number(m[1]),
  }));
}

/** `pdfinfo` fields (Tagged, Pages, Title…) and the XMP metadata. */
export function pdfInfo(bytes: Buffer): { fields: Record<string, string>; metadata: string } {
  const fields = Object.fromEntries(
    run('pdfinfo', [], bytes)
      .split('\n')
      .flatMap((line) => {
        const m = /^([\w ]+):\s+(.*)$/.exec(line);
        return m ? [[m[1]!, m[2]!]] : [];
      }),
  );
  return { fields, metadata: run('pdfinfo', ['-meta'], bytes) };
}
