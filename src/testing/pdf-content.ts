import { inflateSync } from 'node:zlib';

/**
 * What each page draws, for checks poppler's tools cannot make: whether every piece of text is
 * inside marked content (tagged, or an artifact). Reads the uncompressed object layout pdfkit writes
 * (one `N 0 obj … endobj` per object, Flate streams); not a general PDF parser.
 */
export interface PageMarking {
  /** Text-showing operators (Tj, TJ) outside any BDC/BMC … EMC. */
  unmarkedText: number;
  /** Marked-content tags opened on the page, e.g. ['P', 'P', 'Artifact']. */
  tags: string[];
}

export function pageMarkings(bytes: Buffer): PageMarking[] {
  const pdf = bytes.toString('latin1');
  const objectAt = new Map<string, number>();
  for (const m of pdf.matchAll(/(?:^|\n)(\d+) 0 obj\b/g)) objectAt.set(m[1]!, m.index!);
  const streamOf = (id: string): string => {
    const start = pdf.indexOf('stream\n', objectAt.get(id)!) + 'stream\n'.length;
    const end = pdf.indexOf('\nendstream', start);
    const raw = bytes.subarray(start, end);
    return (/\/Filter \/FlateDecode/.test(pdf.slice(objectAt.get(id)!, start)) ? inflateSync(raw) : raw).toString('latin1');
  };
  const pages = [...pdf.matchAll(/\d+ 0 obj\s*<<\s*\/Type \/Page\b[\s\S]*?\/Contents (\d+) 0 R/g)];
  return pages.map((page) => marking(streamOf(page[1]!)));
}

function marking(content: string): PageMarking {
  // Strings first, so that glyph codes in <…> or (…) are never read as operators.
  const operators = content.replace(/<[0-9a-fA-F\s]*>/g, ' ').replace(/\((?:\\.|[^\\)])*\)/g, ' ');
  let depth = 0;
  let unmarkedText = 0;
  const tags: string[] = [];
  for (const m of operators.matchAll(/\/(\w+)\s*(?:<<[\s\S]*?>>|\/\w+)?\s*\b(BDC|BMC)\b|\b(EMC|TJ|Tj)\b/g)) {
    if (m[2]) {
      depth++;
      tags.push(m[1]!);
    } else if (m[3] === 'EMC') depth--;
    else if (depth === 0) unmarkedText++;
  }
  return { unmarkedText, tags };
}
