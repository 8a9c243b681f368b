import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { planToIcs } from './ical.ts';
import { escapeText, foldLine, ICalendarWriter } from './icalendar-text.ts';
import { buildTaper } from './taper.ts';
import { oral, rules } from './test-support.ts';
import { buildTitration } from './titration.ts';

interface Parsed {
  name: string;
  properties: { name: string; params: string; value: string }[];
  children: Parsed[];
}

/**
 * Reads iCalendar text the way a calendar app must (RFC 5545 §3.1), independently of the writer, and
 * throws naming the first rule broken: CRLF line endings, physical lines of at most 75 octets, whole
 * UTF-8 characters on each line, content lines "NAME[;params]:value", BEGIN/END properly nested.
 */
function parseICalendar(text: string): Parsed {
  assert.ok(text.endsWith('\r\n'), 'the text does not end with CRLF');
  assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(text), 'a bare CR or LF: every line must end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  physical.forEach((line, i) => {
    const octets = Buffer.byteLength(line);
    assert.ok(octets <= 75, `line ${i + 1} has ${octets} octets: ${line}`);
    assert.ok(!line.includes('\uFFFD') && Buffer.from(line).toString('utf8') === line, `line ${i + 1} splits a character`);
  });
  assert.ok(!/^[ \t]/.test(physical[0]!), 'the first line is a continuation');
  const logical: string[] = [];
  for (const line of physical) {
    if (/^[ \t]/.test(line)) logical[logical.length - 1] += line.slice(1);
    else logical.push(line);
  }
  const root: Parsed = { name: '(document)', properties: [], children: [] };
  const stack = [root];
  for (const line of logical) {
    const match = /^([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$/s.exec(line);
    assert.ok(match, `not a content line: ${line}`);
    const [, name, params, value] = match as unknown as [string, string, string, string];
    if (name === 'BEGIN') {
      const component: Parsed = { name: value, properties: [], children: [] };
      stack.at(-1)!.children.push(component);
      stack.push(component);
    } else if (name === 'END') {
      assert.equal(value, stack.at(-1)!.name, `END:${value} closes BEGIN:${stack.at(-1)!.name}`);
      assert.ok(stack.length > 1, `END:${value} with nothing open`);
      stack.pop();
    } else {
      assert.ok(stack.length > 1, `property ${name} outside any component`);
      stack.at(-1)!.properties.push({ name, params, value });
    }
  }
  assert.equal(stack.length, 1, `BEGIN:${stack.at(-1)!.name} is never closed`);
  assert.equal(root.children.length, 1, 'expected exactly one VCALENDAR');
  return root.children[0]!;
}

/** The text a calendar app shows for an escaped TEXT value. */
const unescapeText = (value: string) => value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));

const once = (component: Parsed, name: string) => {
  const found = component.properties.filter((p) => p.name === name);
  assert.equal(found.length, 1, `${component.name} needs exactly one ${name}, has ${found.length}`);
  return found[0]!;
};

/** The properties RFC 5545 requires of a published calendar, its events and display alarms. */
function assertValidCalendar(calendar: Parsed): void {
  assert.equal(calendar.name, 'VCALENDAR');
  assert.equal(once(calendar, 'VERSION').value, '2.0');
  once(calendar, 'PRODID');
  const uids = new Set<string>();
  for (const event of calendar.children) {
    assert.equal(event.name, 'VEVENT');
    const uid = once(event, 'UID').value;
    assert.ok(!uids.has(uid), `UID ${uid} used twice`);
    uids.add(uid);
    assert.match(once(event, 'DTSTAMP').value, /^\d{8}T\d{6}Z$/);
    const start = once(event, 'DTSTART');
    assert.match(start.value, start.params === ';VALUE=DATE' ? /^\d{8}$/ : /^\d{8}T\d{6}$/);
    assert.ok(!(event.properties.some((p) => p.name === 'DTEND') && event.properties.some((p) => p.name === 'DURATION')), 'DTEND and DURATION together');
    once(event, 'SUMMARY');
    for (const alarm of event.children) {
      assert.equal(alarm.name, 'VALARM');
      assert.equal(once(alarm, 'ACTION').value, 'DISPLAY');
      once(alarm, 'DESCRIPTION');
      assert.match(once(alarm, 'TRIGGER').value, /^-?P(T\d+[HMS])+$/);
    }
  }
}

describe('plan calendars are valid iCalendar', () => {
  const titration = buildTitration({ ...oral, targetDailyMg: 60, startDate: '2026-12-01' }, rules);
  const taper = buildTaper({ ...oral, currentDailyMg: 80, dosesPerDay: 4, durationWeeks: 26, startDate: '2026-12-01', egfr: 45 }, rules);

  for (const [name, plan] of [['titration', titration], ['taper', taper]] as const) {
    test(`the ${name} calendar parses, has the required properties, and one reminder per dose`, () => {
      const calendar = parseICalendar(planToIcs(plan, { now: new Date('2026-11-20T09:30:05Z') }));
      assertValidCalendar(calendar);
      const doses = calendar.children.filter((e) => e.children.length > 0);
      assert.equal(doses.length, plan.schedule.reduce((n, s) => n + s.timesPerDay * (s.endDay - s.startDay + 1), 0));
      for (const event of doses) {
        const title = unescapeText(once(event, 'SUMMARY').value);
        assert.match(title, /^Baclofen \d+(\.\d+)? mg \(.+\)$/);
        assert.equal(unescapeText(once(event.children[0]!, 'DESCRIPTION').value), title, 'the reminder shows the dose');
        assert.equal(once(event, 'DTSTAMP').value, '20261120T093005Z');
        assert.match(unescapeText(once(event, 'DESCRIPTION').value), /does not replace them/);
      }
    });
  }

  test('the taper ends with a whole-day "no more doses" event', () => {
    const last = parseICalendar(planToIcs(taper)).children.at(-1)!;
    assert.equal(unescapeText(once(last, 'SUMMARY').value), 'Baclofen: plan complete, no more doses');
    assert.equal(once(last, 'DTSTART').params, ';VALUE=DATE');
  });
});

describe('the iCalendar writer', () => {
  test('escapes backslash, semicolon, comma and line breaks, and drops other control characters', () => {
    assert.equal(escapeText('a\\b;c,d\r\ne\nf\rg\u0007h\ti'), 'a\\\\b\\;c\\,d\\ne\\nf\\ng' + 'h\ti');
  });

  test('folds at 75 octets without splitting a character', () => {
    const line = `DESCRIPTION:${'×'.repeat(100)}`;
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    assert.ok(parts.length > 2);
    for (const part of parts) assert.ok(Buffer.byteLength(part) <= 75, part);
    assert.equal(parts.map((p, i) => (i === 0 ? p : p.slice(1))).join(''), line);
    assert.equal(foldLine('SHORT:value'), 'SHORT:value');
  });

  test('any text survives writing and reading back, and every line obeys the format', () => {
    const anyText = fc.string({ maxLength: 300, unit: fc.oneof(fc.constantFrom(',', ';', '\\', '\n', '\r\n', ':', '"', ' ', 'é', '×', '😀', '中'), fc.string({ minLength: 1, maxLength: 1, unit: 'binary' })) });
    fc.assert(
      fc.property(anyText, anyText, (summary, description) => {
        const text = new ICalendarWriter()
          .begin('VCALENDAR')
          .value('VERSION', '2.0')
          .text('PRODID', 'test')
          .begin('VEVENT')
          .text('UID', 'u1@test')
          .value('DTSTAMP', '20260101T000000Z')
          .value('DTSTART', '20260101T080000')
          .text('SUMMARY', summary)
          .text('DESCRIPTION', description)
          .end('VEVENT')
          .end('VCALENDAR')
          .toString();
        const event = parseICalendar(text).children[0]!;
        const shown = (s: string) => s.replace(/\r\n|\r/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
        assert.equal(unescapeText(once(event, 'SUMMARY').value), shown(summary));
        assert.equal(unescapeText(once(event, 'DESCRIPTION').value), shown(description));
      }),
      { numRuns: 500 },
    );
  });

  test('a component closed out of order, or never closed, is a programming error', () => {
    assert.throws(() => new ICalendarWriter().begin('VCALENDAR').begin('VEVENT').end('VCALENDAR'), /END:VCALENDAR does not close BEGIN:VEVENT/);
    assert.throws(() => new ICalendarWriter().begin('VCALENDAR').toString(), /never closed/);
  });

  test('the structure check catches a broken calendar (it can fail)', () => {
    const good = planToIcs(buildTitration({ ...oral, targetDailyMg: 60, startDate: '2026-12-01' }, rules));
    assert.throws(() => parseICalendar(good.replace('END:VALARM\r\n', '')), /END:VEVENT closes BEGIN:VALARM/);
    assert.throws(() => parseICalendar(good.replaceAll('\r\n', '\n')), /CRLF/);
    assert.throws(() => parseICalendar(good.replace(/\r\n /, '')), /octets/);
    assert.throws(() => assertValidCalendar(parseICalendar(good.replace(/UID:[^\r]*\r\n/, ''))), /exactly one UID/);
  });
});
