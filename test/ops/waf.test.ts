import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sharedFile } from '../../src/testing/environment.ts';
import { rawRequest } from '../security/replay.ts';
import { encodedBody, requestsFor, typedInputs, type TypedRequest } from '../security/typed-inputs.ts';
import { startChildServer, type ChildServer } from './child-server.ts';
import { CRS_RULES, DEPLOY, frontRequest, MODSECURITY_MODULE, NGINX, OPENSSL, prepareNginx, PRIVATE_LOG_LINE, SERVER_NAME, type NginxFront } from './nginx-front.ts';

/**
 * nginx with ModSecurity and the OWASP CRS (deploy/modsecurity-rxsafety.conf) in front of a real
 * rxsafety server, as docs/DEPLOY.md sets it up: what people type gets through, attacks do not, a
 * refused person sees rxsafety's block page, and neither layer writes down what was sent. Beside it,
 * the same nginx with the CRS alone (the file without its exclusions), to show what they change.
 */
const needed = [NGINX, OPENSSL, MODSECURITY_MODULE, CRS_RULES];
const missing = needed.filter((file) => !existsSync(file));
const skip = missing.length > 0 && process.env.CI !== 'true' ? `not installed: ${missing.join(', ')} (apt-get install nginx libnginx-mod-http-modsecurity modsecurity-crs)` : false;

const shippedRules = readFileSync(join(DEPLOY, 'modsecurity-rxsafety.conf'), 'utf8');
const crsAloneRules = shippedRules.replace(/^SecRule(?:RemoveById|UpdateTargetById) .*$/gm, '');

interface LogLine {
  msg: string;
  requestId?: string;
  referenceId?: string;
  route?: string;
}

describe('ModSecurity and the CRS in front of rxsafety, as shipped', { skip }, () => {
  let server: ChildServer;
  let shipped: NginxFront;
  let crsAlone: NginxFront;

  const logged = () => server.lines.map((line) => JSON.parse(line) as LogLine);
  /** rxsafety's log once its lines stop arriving: they come through a pipe, after the answers. */
  const settledLog = async () => {
    for (let seen = -1; seen !== server.lines.length; ) {
      seen = server.lines.length;
      await sleep(300);
    }
    return logged();
  };
  const send = (front: NginxFront, r: TypedRequest) => {
    const { body, contentType } = encodedBody(r);
    return frontRequest(front.httpsPort, r.method, r.path, { body, headers: contentType ? { 'content-type': contentType } : {} });
  };
  /** Each request sent through a front, eight at a time; the statuses in order. */
  const sendAll = async (front: NginxFront, requests: readonly TypedRequest[]) => {
    const statuses: number[] = [];
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const i = next++;
        statuses[i] = (await send(front, requests[i]!)).status;
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    return statuses;
  };

  before(async () => {
    if (missing.length > 0) throw new Error(`required under CI but missing: ${missing.join(', ')}`);
    server = await startChildServer({ RATE_LIMIT_PER_MINUTE: '1000000', TRUST_PROXY: '127.0.0.1', CDS_HOOKS_AUTH: 'off' });
    shipped = await prepareNginx({ upstreamPorts: [server.port], modsecurity: true });
    crsAlone = await prepareNginx({ upstreamPorts: [server.port], modsecurity: true, modsecurityRules: crsAloneRules });
    shipped.start();
    crsAlone.start();
  });
  after(async () => {
    for (const front of [shipped, crsAlone]) front?.stop();
    await server?.stop();
    for (const front of [shipped, crsAlone]) front?.remove();
  });

  it('refuses nothing people type, on every route that reads it (the CRS alone refuses some)', async () => {
    const { inputs } = typedInputs();
    const requests = inputs.flatMap((text) => requestsFor(text).map((r) => ({ ...r, text })));
    // Beside it, the CRS alone with the same inputs in the search box (one route keeps the test short).
    const inSearch = inputs.map((text) => ({ method: 'GET' as const, path: `/search?q=${encodeURIComponent(text)}`, text }));
    const [throughShipped, throughCrsAlone] = await Promise.all([sendAll(shipped, requests), sendAll(crsAlone, inSearch)]);
    const refused = (sent: readonly (TypedRequest & { text: string })[], statuses: number[]) => sent.filter((_, i) => statuses[i] === 403);
    const byShipped = refused(requests, throughShipped).map((r) => `${r.method} ${r.path.split('?')[0]}: ${r.text}`);
    const byCrsAlone = refused(inSearch, throughCrsAlone).map((r) => JSON.stringify(r.text));
    console.log(`typed inputs: ${inputs.length} × ${requestsFor('x').length} routes = ${requests.length} requests, refused with the shipped rules: ${byShipped.length}; in the search box with the CRS alone: ${byCrsAlone.length} inputs (${byCrsAlone.join(', ')})`);
    assert.deepEqual(byShipped, []);
    assert.ok(throughShipped.every((status) => status < 500), 'no server error through the WAF');
    // The exclusions still matter; if this fails, the installed CRS no longer needs them.
    assert.ok(byCrsAlone.length > 0, 'the CRS alone refuses some of what people type');
  });

  it('serves every page of the sitemap and a CDS Hooks call through the WAF', async () => {
    const sitemap = await frontRequest(shipped.httpsPort, 'GET', '/sitemap.xml');
    assert.equal(sitemap.status, 200);
    const paths = [...sitemap.body.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => new URL(m[1]!.replace(/&amp;/g, '&')).pathname);
    assert.ok(paths.length >= 10, `sitemap pages: ${paths.length}`);
    for (const path of paths) assert.equal((await frontRequest(shipped.httpsPort, 'GET', path)).status, 200, path);

    const coded = (code: string, display: string) => ({ coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code, display }] });
    const hook = {
      hook: 'order-sign',
      hookInstance: 'd1577c69-dfbe-44ad-ba6d-3e05e953b2ea',
      fhirServer: 'https://ehr.example.org/fhir',
      context: {
        userId: 'Practitioner/example',
        patientId: 'patient-1',
        draftOrders: { resourceType: 'Bundle', type: 'collection', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'draft-1', status: 'draft', intent: 'order', subject: { reference: 'Patient/patient-1' }, medicationCodeableConcept: coded('197391', 'baclofen 10 MG Oral Tablet') } }] },
      },
      prefetch: { activeMedications: { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { resourceType: 'MedicationRequest', id: 'active-1', status: 'active', intent: 'order', subject: { reference: 'Patient/patient-1' }, medicationCodeableConcept: { text: 'tramadol 50 mg tablet, 1 tablet by mouth every 6 hours as needed for pain' } } }] } },
    };
    const cds = await frontRequest(shipped.httpsPort, 'POST', '/cds-services/rxsafety-interactions', { body: JSON.stringify(hook), headers: { 'content-type': 'application/json' } });
    assert.equal(cds.status, 200, cds.body);
    assert.ok((JSON.parse(cds.body) as { cards: unknown[] }).cards.length > 0, 'a card about baclofen with tramadol');
  });

  it('refuses an attack with rxsafety\'s block page, whose reference is the request id on nginx\'s log line', async () => {
    const attack = encodeURIComponent('<script>alert(document.cookie)</script>');
    const page = await frontRequest(shipped.httpsPort, 'GET', `/search?q=${attack}`, { headers: { accept: 'text/html' } });
    const api = await frontRequest(shipped.httpsPort, 'GET', `/api/v1/search?q=${attack}`);
    const body = await frontRequest(shipped.httpsPort, 'POST', '/api/v1/interactions/check', { body: JSON.stringify({ drugs: ['baclofen', "1' UNION SELECT password FROM users--"] }), headers: { 'content-type': 'application/json' } });
    const lines = await settledLog();
    for (const response of [page, api, body]) {
      assert.equal(response.status, 403);
      const id = String(response.headers['x-request-id']);
      // The WAF refused it, not rxsafety's guard: rxsafety saw only the block page's request.
      assert.ok(lines.some((l) => l.msg === 'request' && l.requestId === id && l.route === '/blocked'), `rxsafety served the block page for ${id}`);
      assert.ok(!lines.some((l) => l.msg === 'guard block' && l.referenceId === id));
      assert.ok(shipped.accessLog().some((line) => line.split(' ')[1] === id && line.split(' ')[3] === '403'), `nginx logged ${id} as 403`);
    }
    assert.match(String(page.headers['content-type']), /^text\/html/);
    assert.match(page.body, /We could not accept this request/);
    assert.match(page.body, /988|1-800-662-4357/, 'the help lines are on the page');
    assert.ok(page.body.includes(String(page.headers['x-request-id'])), 'the page shows its reference');
    for (const response of [api, body]) {
      assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
      const problem = JSON.parse(response.body) as { code: string; referenceId: string };
      assert.equal(problem.code, 'request-blocked');
      assert.equal(problem.referenceId, response.headers['x-request-id']);
    }
  });

  it('with rxsafety\'s guard behind it, refuses the CRS regression attacks; the exclusions cost little in the typed fields', async (t) => {
    const file = sharedFile('data/security/crs-regression-cases.jsonl');
    if (!file) return t.skip('../shared/data/security/crs-regression-cases.jsonl is absent');
    const cases = readFileSync(file, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { category: string; method: string; uri: string; headers: Record<string, string>; data: string | null; expect: string });
    const attacks = cases.filter((c) => c.expect === 'block');
    const before = (await settledLog()).length;
    const stats = new Map<string, { sent: number; refused: number }>();
    let next = 0;
    const worker = async () => {
      while (next < attacks.length) {
        const c = attacks[next++]!;
        const status = await rawRequest(shipped.httpsPort, c.method, c.uri, c.headers, c.data, { servername: SERVER_NAME });
        assert.ok(status < 500, `server error ${status} on ${c.category} ${c.uri}`);
        const s = stats.get(c.category) ?? { sent: 0, refused: 0 };
        stats.set(c.category, { sent: s.sent + 1, refused: s.refused + (status === 403 || status === 400 || status === 0 ? 1 : 0) });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const during = (await settledLog()).slice(before);
    const byWaf = during.filter((l) => l.msg === 'request' && l.route === '/blocked').length;
    const byGuard = during.filter((l) => l.msg === 'guard block').length;
    console.log(`CRS regression attacks through nginx + ModSecurity + rxsafety: refused by the WAF ${byWaf}, by rxsafety's guard ${byGuard}, of ${attacks.length}`);
    for (const [category, s] of [...stats].sort()) console.log(`  ${category.padEnd(32)} ${s.refused}/${s.sent}`);
    for (const category of ['application-attack-sqli', 'application-attack-xss', 'application-attack-rce', 'application-attack-lfi', 'application-attack-rfi']) {
      const s = stats.get(category)!;
      assert.ok(s.refused / s.sent >= 0.95, `${category}: ${s.refused}/${s.sent}`);
    }

    // The same attacks' parameter values typed into the search box, where the exclusions apply.
    const payloads = attacks
      .filter((c) => /sqli|xss|rce|lfi|rfi|php|java|generic/.test(c.category))
      .flatMap((c) => [c.uri.split('?')[1], c.data && !/^\s*[[{<]/.test(c.data) ? c.data : undefined])
      .filter((query): query is string => !!query)
      .flatMap((query) => {
        try {
          return [...new URLSearchParams(query).values()].filter((value) => value.length > 2);
        } catch {
          return [];
        }
      });
    const inSearch = payloads.map((value): TypedRequest => ({ method: 'GET', path: `/search?q=${encodeURIComponent(value)}` }));
    const [shippedStatuses, aloneStatuses] = await Promise.all([sendAll(shipped, inSearch), sendAll(crsAlone, inSearch)]);
    const count = (statuses: number[]) => statuses.filter((s) => s === 403 || s === 400).length;
    console.log(`attack parameter values in the search box: refused ${count(shippedStatuses)} with the shipped rules, ${count(aloneStatuses)} with the CRS alone, of ${inSearch.length}`);
    assert.ok(count(shippedStatuses) >= 0.95 * count(aloneStatuses), 'the exclusions give up at most 5% of what the CRS alone refuses there');
  });

  it('writes down nothing a person sent: nginx\'s access and error logs, and no ModSecurity audit log', () => {
    for (const front of [shipped, crsAlone]) {
      const lines = front.accessLog();
      assert.ok(lines.length > 1000, `access log lines: ${lines.length}`);
      for (const line of lines) {
        assert.match(line, PRIVATE_LOG_LINE);
        assert.doesNotMatch(line, /[/?=@]/, line);
      }
      assert.doesNotMatch(front.errorLog(), /ModSecurity|request: "/);
    }
    // The test's copy of the rules writes the audit log, were it on, in nginx's folder: it stays empty.
    assert.equal(shipped.auditLog(), '', 'ModSecurity wrote no audit log');
  });
});
