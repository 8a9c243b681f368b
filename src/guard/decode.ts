/**
 * Turns an input the way an attacker encodes it (URL, double URL, %u, HTML entities, \u and \x
 * escapes, full-width forms) into the text a browser, shell or database would finally see.
 * Detectors only ever look at decoded text, so an encoding trick cannot hide a payload.
 */

const namedEntities: Record<string, string> = {
  lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", sol: '/', bsol: '\\', colon: ':', lpar: '(', rpar: ')',
  semi: ';', equals: '=', num: '#', tab: '\t', newline: '\n', nbsp: ' ', grave: '`', lsqb: '[', rsqb: ']',
  lcub: '{', rcub: '}', excl: '!', quest: '?', period: '.', comma: ',', dollar: '$', percnt: '%', plus: '+',
};

function fromCodePoint(code: number): string {
  return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
}

/** %XX and IIS-style %uXXXX; invalid sequences stay as they are (they are reported as malformed elsewhere). */
export function percentDecode(text: string, plusIsSpace = false): string {
  if (!text.includes('%') && !(plusIsSpace && text.includes('+'))) return text;
  const source = plusIsSpace ? text.replace(/\+/g, ' ') : text;
  const withUnicode = source.replace(/%u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  try {
    return decodeURIComponent(withUnicode);
  } catch {
    // Mixed valid and invalid escapes: decode run by run, keeping what does not decode.
    return withUnicode.replace(/(?:%[0-9a-fA-F]{2})+/g, (run) => {
      try {
        return decodeURIComponent(run);
      } catch {
        return run.replace(/%([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      }
    });
  }
}

export function entityDecode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});?/g, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return fromCodePoint(code);
    }
    return namedEntities[body.toLowerCase()] ?? whole;
  });
}

/** JavaScript, JSON and C escapes: \u003c, \u{3c}, \x3c, \074 is left alone (rare and ambiguous). */
export function escapeDecode(text: string): string {
  if (!text.includes('\\')) return text;
  return text
    .replace(/\\u\{([0-9a-fA-F]{1,6})\}/g, (_, hex: string) => fromCodePoint(parseInt(hex, 16)))
    .replace(/\\u([0-9a-fA-F]{4})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const maxRounds = 4;

/**
 * Decodes repeatedly until nothing changes (double encoding is a classic evasion), then folds
 * compatibility forms (full-width ＜ becomes <) and drops NUL bytes. Letters of every script survive.
 */
export function decodeValue(raw: string): string {
  let current = raw;
  for (let round = 0; round < maxRounds; round++) {
    const next = escapeDecode(entityDecode(percentDecode(current)));
    if (next === current) break;
    current = next;
  }
  // NFKC maps full-width and other compatibility forms to ASCII; Chinese, Arabic and Cyrillic text is unchanged.
  return current.normalize('NFKC').replace(/\u0000/g, '');
}

/** Malformed-encoding signs in the raw (undecoded) input. */
export interface EncodingProblems {
  nulByte: boolean;
  overlongUtf8: boolean;
  invalidUtf8: boolean;
}

export function encodingProblems(raw: string): EncodingProblems {
  const lower = raw.toLowerCase();
  return {
    nulByte: raw.includes('\u0000') || /%00|\\x00|\\u0000|&#0*;|&#x0+;/.test(lower),
    // C0/C1 lead bytes and E0 80..9F / F0 80..8F are never valid UTF-8: they spell a character the long way.
    overlongUtf8: /%c[01]%[89ab][0-9a-f]|%e0%[89][0-9a-f]%[89ab][0-9a-f]|%f0%8[0-9a-f]%[89ab][0-9a-f]/.test(lower),
    invalidUtf8: raw.includes('\ufffd') || hasInvalidPercentUtf8(raw),
  };
}

function hasInvalidPercentUtf8(raw: string): boolean {
  const runs = raw.match(/(?:%[89a-fA-F][0-9a-fA-F])+/g);
  if (!runs) return false;
  for (const run of runs) {
    try {
      decodeURIComponent(run);
    } catch {
      return true;
    }
  }
  return false;
}
