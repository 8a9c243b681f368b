/**
 * A small RFC 5545 writer: content lines with TEXT escaping, folding at 75 octets and CRLF endings.
 * It writes exactly what it is told, so a calendar of thousands of events costs string building only
 * (the `ics` package validated every event, about 1 ms each).
 */

const MAX_LINE_OCTETS = 75;

/** TEXT escaping (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks; other control characters are dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

const octetsOf = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

/**
 * Folds a content line (RFC 5545 §3.1): no physical line longer than 75 octets, continuation lines
 * start with one space, and a multi-byte character is never split.
 */
export function foldLine(line: string): string {
  if (line.length <= MAX_LINE_OCTETS / 4 || Buffer.byteLength(line) <= MAX_LINE_OCTETS) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = octetsOf(char.codePointAt(0)!);
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      // The leading space of a continuation line counts towards its 75 octets.
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n');
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A UTC date-time (DTSTAMP): 20261201T080000Z. */
export function utcDateTime(date: Date): string {
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** A date from "YYYY-MM-DD": 20261201. */
export function dateValue(isoDate: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) throw new Error(`expected a date like 2026-12-01, got "${isoDate}"`);
  return isoDate.replaceAll('-', '');
}

/** A floating local date-time (no time zone, so 08:00 stays 08:00 wherever the phone is): 20261201T080000. */
export function floatingDateTime(isoDate: string, hour: number, minute: number): string {
  return `${dateValue(isoDate)}T${pad(hour)}${pad(minute)}00`;
}

/** Collects components and properties in order; `toString()` gives the folded CRLF text. */
export class ICalendarWriter {
  private readonly lines: string[] = [];
  private readonly open: string[] = [];

  begin(component: string): this {
    this.open.push(component);
    this.lines.push(`BEGIN:${component}`);
    return this;
  }

  end(component: string): this {
    const innermost = this.open.pop();
    if (innermost !== component) throw new Error(`END:${component} does not close BEGIN:${innermost ?? '(nothing)'}`);
    this.lines.push(`END:${component}`);
    return this;
  }

  /** A TEXT property: the value is escaped. */
  text(name: string, value: string): this {
    this.lines.push(foldLine(`${name}:${escapeText(value)}`));
    return this;
  }

  /** A property whose value is already in its iCalendar form (dates, durations, parameters in the name). */
  value(name: string, value: string): this {
    this.lines.push(foldLine(`${name}:${value}`));
    return this;
  }

  toString(): string {
    if (this.open.length > 0) throw new Error(`BEGIN:${this.open.at(-1)} is never closed`);
    return `${this.lines.join('\r\n')}\r\n`;
  }
}
