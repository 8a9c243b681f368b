import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Bundle, MedicationRequest } from '@medplum/fhirtypes';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type CryptoKey } from 'jose';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { RXNORM_SYSTEM } from './medications.ts';

const ISS = 'https://ehr.test.example';
let server: TestServer;
let esKey: CryptoKey;
let rsKey: CryptoKey;
let strangerKey: CryptoKey;
let jtiCounter = 0;

function medRequest(id: string, med: { rxcui?: string; display?: string; text?: string }, status: MedicationRequest['status'] = 'draft'): MedicationRequest {
  return {
    resourceType: 'MedicationRequest',
    id,
    status,
    intent: 'order',
    subject: { reference: 'Patient/p1' },
    medicationCodeableConcept: {
      ...(med.rxcui ? { coding: [{ system: RXNORM_SYSTEM, code: med.rxcui, ...(med.display ? { display: med.display } : {}) }] } : {}),
      ...(med.text ? { text: med.text } : {}),
    },
  };
}
const bundle = (...resources: MedicationRequest[]): Bundle => ({ resourceType: 'Bundle', type: 'collection', entry: resources.map((resource) => ({ resource })) });

function hookRequest(hook: 'order-select' | 'order-sign', drafts: Bundle, extra: Record<string, unknown> = {}) {
  return {
    hook,
    hookInstance: `hook-${Math.random()}`,
    context: { userId: 'Practitioner/1', patientId: 'p1', draftOrders: drafts, ...(hook === 'order-select' ? { selections: [] } : {}) },
    ...extra,
  };
}

async function token(opts: { key?: CryptoKey; alg?: string; aud?: string; exp?: number | string; jti?: string; iss?: string } = {}) {
  const aud = opts.aud ?? `${server.url.replace('localhost', '127.0.0.1')}/cds-services/rxsafety-interactions`;
  return new SignJWT({})
    .setProtectedHeader({ alg: opts.alg ?? 'ES384', kid: opts.alg === 'RS384' ? 'rs' : 'es', typ: 'JWT' })
    .setIssuer(opts.iss ?? ISS)
    .setAudience(aud)
    .setIssuedAt()
    .setExpirationTime(opts.exp ?? '5m')
    .setJti(opts.jti ?? `jti-${++jtiCounter}`)
    .sign(opts.key ?? esKey);
}

async function call(path: string, body: unknown, auth?: string) {
  return server.post(path, body, auth ? { headers: { authorization: `Bearer ${auth}` } } : {});
}

/** CDS Hooks 2.0 card requirements: summary < 140 chars, indicator enum, source.label, uuid. */
function assertSpecCard(card: Record<string, unknown>) {
  assert.equal(typeof card.summary, 'string');
  assert.ok((card.summary as string).length < 140, `summary too long: ${card.summary}`);
  assert.ok(['info', 'warning', 'critical'].includes(card.indicator as string), `indicator ${card.indicator}`);
  assert.equal(typeof (card.source as { label?: unknown })?.label, 'string');
  assert.match(card.uuid as string, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  for (const r of (card.overrideReasons as { code: string; system: string; display: string }[] | undefined) ?? []) {
    assert.ok(r.code && r.system && r.display);
  }
}

before(async () => {
  const es = await generateKeyPair('ES384');
  esKey = es.privateKey;
  const rs = await generateKeyPair('RS384');
  rsKey = rs.privateKey;
  strangerKey = (await generateKeyPair('ES384')).privateKey;
  const keys = [{ ...(await exportJWK(es.publicKey)), kid: 'es', alg: 'ES384' }, { ...(await exportJWK(rs.publicKey)), kid: 'rs', alg: 'RS384' }];
  server = await startTestServer({ env: { CDS_HOOKS_ISSUERS: JSON.stringify([{ iss: ISS, jwks: { keys } }]) } });
});
after(() => server.close());

describe('CDS Hooks discovery', () => {
  test('lists rxsafety-interactions for order-select and order-sign with an active-medication prefetch', async () => {
    const res = await server.get('/cds-services');
    assert.equal(res.status, 200);
    const { services } = await res.json();
    assert.deepEqual(services.map((s: { hook: string }) => s.hook).sort(), ['order-select', 'order-sign']);
    for (const s of services) {
      assert.match(s.id, /^rxsafety-interactions/);
      assert.ok(s.description && s.title);
      assert.match(s.prefetch.activeMedications, /^MedicationRequest\?patient=\{\{context\.patientId\}\}&status=active$/);
    }
  });
});

describe('CDS Hooks service', () => {
  test('order-sign: coded draft baclofen against a text-only active tramadol gives a warning card', async () => {
    const body = hookRequest('order-sign', bundle(medRequest('d1', { rxcui: '197391', display: 'baclofen 10 MG Oral Tablet' })), {
      prefetch: { activeMedications: bundle(medRequest('a1', { text: 'tramadol' }, 'active')) },
    });
    const res = await call('/cds-services/rxsafety-interactions', body, await token());
    assert.equal(res.status, 200);
    const { cards } = await res.json();
    assert.equal(cards.length, 1, JSON.stringify(cards));
    const [card] = cards;
    assertSpecCard(card);
    assert.equal(card.indicator, 'warning');
    assert.match(card.summary, /Baclofen \+ Tramadol/);
    assert.match(card.detail, /\*\*What to do:\*\*/);
    assert.equal(card.source.label, 'rxsafety');
    assert.match(card.source.url, /\/interactions\/rules\/baclofen-tramadol$/);
    assert.ok(card.overrideReasons.length > 0);
    // The same finding gets the same uuid on the next request.
    const again = await (await call('/cds-services/rxsafety-interactions', body, await token())).json();
    assert.equal(again.cards[0].uuid, card.uuid);
  });

  test('order-select checks the selected draft against the others, never active against active', async () => {
    const drafts = bundle(medRequest('d1', { rxcui: '10689', display: 'tramadol' }), medRequest('d2', { text: 'acetaminophen' }));
    const body = hookRequest('order-select', drafts, {
      prefetch: { activeMedications: bundle(medRequest('a1', { text: 'Lioresal' }, 'active'), medRequest('a2', { text: 'alcohol' }, 'active'), medRequest('a3', { text: 'Xanax' }, 'active')) },
    });
    (body.context as Record<string, unknown>).selections = ['MedicationRequest/d1'];
    const { cards } = await (await call('/cds-services/rxsafety-interactions', body, await token())).json();
    cards.forEach(assertSpecCard);
    const summaries = cards.map((c: { summary: string }) => c.summary).join('\n');
    assert.match(summaries, /Baclofen \+ Tramadol/);
    assert.match(summaries, /Alprazolam \+ Tramadol/);
    assert.match(summaries, /Alcohol \+ Tramadol/);
    assert.doesNotMatch(summaries, /Alcohol \+ Baclofen/, 'active-against-active pairs are not re-alerted');
  });

  test('remembered answers follow the request: another selection or a missing active list gets its own cards', async () => {
    const drafts = bundle(medRequest('d1', { text: 'tramadol' }), medRequest('d2', { text: 'acetaminophen' }));
    const active = { activeMedications: bundle(medRequest('a1', { text: 'alcohol' }, 'active')) };
    const select = async (selection: string, extra: Record<string, unknown>) => {
      const body = hookRequest('order-select', drafts, extra);
      (body.context as Record<string, unknown>).selections = [selection];
      const res = await call('/cds-services/rxsafety-interactions', body, await token());
      assert.equal(res.status, 200);
      return ((await res.json()) as { cards: { summary: string; uuid: string }[] }).cards;
    };
    const tramadol = await select('MedicationRequest/d1', { prefetch: active });
    assert.ok(tramadol.some((c) => /Alcohol \+ Tramadol/.test(c.summary)), JSON.stringify(tramadol));
    const acetaminophen = await select('MedicationRequest/d2', { prefetch: active });
    assert.ok(!acetaminophen.some((c) => /Tramadol/.test(c.summary)), JSON.stringify(acetaminophen));
    const withoutActive = await select('MedicationRequest/d1', {});
    assert.ok(withoutActive.some((c) => /draft orders only/.test(c.summary)), JSON.stringify(withoutActive));
    assert.ok(!withoutActive.some((c) => /Alcohol/.test(c.summary)));
    assert.deepEqual(await select('MedicationRequest/d1', { prefetch: active }), tramadol);
  });

  test('an unrecognised text medication gets an info card saying it was not checked', async () => {
    const body = hookRequest('order-sign', bundle(medRequest('d1', { text: 'Zorblax 5 mg' })), { prefetch: { activeMedications: bundle() } });
    const { cards } = await (await call('/cds-services/rxsafety-interactions', body, await token())).json();
    assert.equal(cards.length, 1);
    assertSpecCard(cards[0]);
    assert.equal(cards[0].indicator, 'info');
    assert.match(cards[0].summary, /Not checked.*Zorblax/);
  });

  test('missing prefetch: reads active medications from fhirServer with the given token', async () => {
    let seenAuth: string | undefined;
    let seenUrl: string | undefined;
    const ehr: Server = createServer((req, res) => {
      seenAuth = req.headers.authorization;
      seenUrl = req.url;
      res.setHeader('content-type', 'application/fhir+json');
      res.end(JSON.stringify(bundle(medRequest('a1', { rxcui: '448', display: 'alcohol' }, 'active'))));
    });
    await new Promise<void>((resolve) => ehr.listen(0, '127.0.0.1', resolve));
    try {
      const fhirServer = `http://127.0.0.1:${(ehr.address() as AddressInfo).port}/fhir`;
      const body = hookRequest('order-sign', bundle(medRequest('d1', { text: 'baclofen' })), {
        fhirServer,
        fhirAuthorization: { access_token: 'ehr-token-123', token_type: 'Bearer', expires_in: 300, scope: 'user/MedicationRequest.read', subject: 'rxsafety' },
      });
      const { cards } = await (await call('/cds-services/rxsafety-interactions', body, await token())).json();
      assert.equal(seenAuth, 'Bearer ehr-token-123');
      assert.equal(seenUrl, '/fhir/MedicationRequest?patient=p1&status=active');
      assert.equal(cards.length, 1);
      assert.match(cards[0].summary, /Alcohol \+ Baclofen/);
    } finally {
      ehr.close();
    }
  });

  test('missing prefetch and no FHIR access: checks drafts alone and says so in an info card', async () => {
    const body = hookRequest('order-sign', bundle(medRequest('d1', { text: 'baclofen' }), medRequest('d2', { text: 'oxycodone' })));
    const { cards } = await (await call('/cds-services/rxsafety-interactions', body, await token())).json();
    cards.forEach(assertSpecCard);
    assert.ok(cards.some((c: { summary: string }) => /Baclofen \+ Oxycodone/.test(c.summary)));
    const info = cards.find((c: { indicator: string; summary: string }) => c.indicator === 'info' && /draft orders only/.test(c.summary));
    assert.ok(info, JSON.stringify(cards));
  });

  test('a malformed hook request is a 400 problem naming the field', async () => {
    const res = await call('/cds-services/rxsafety-interactions', { hook: 'order-sign', hookInstance: 'x', context: { patientId: 'p1' } }, await token());
    assert.equal(res.status, 400);
    assert.match((await res.json()).detail, /context\.draftOrders/);
  });
});

describe('CDS Hooks JWT authentication', () => {
  const body = () => hookRequest('order-sign', bundle(medRequest('d1', { text: 'baclofen' })), { prefetch: { activeMedications: bundle() } });
  const rejected = async (auth: string | undefined, why: RegExp) => {
    const res = await call('/cds-services/rxsafety-interactions', body(), auth);
    assert.equal(res.status, 401);
    const problem = await res.json();
    assert.match(problem.detail, why);
  };

  test('ES384 and RS384 tokens from the trusted issuer are accepted', async () => {
    assert.equal((await call('/cds-services/rxsafety-interactions', body(), await token())).status, 200);
    assert.equal((await call('/cds-services/rxsafety-interactions', body(), await token({ alg: 'RS384', key: rsKey }))).status, 200);
  });
  test('no token', () => rejected(undefined, /Bearer/));
  test('bad signature', async () => rejected(await token({ key: strangerKey }), /signature/));
  test('wrong audience', async () => rejected(await token({ aud: 'https://elsewhere.example/cds-services/rxsafety-interactions' }), /aud/));
  test('expired', async () => rejected(await token({ exp: Math.floor(Date.now() / 1000) - 600 }), /expired/));
  test('unknown issuer', async () => rejected(await token({ iss: 'https://evil.example' }), /issuer/));
  test('alg none', async () => {
    const unsigned = new UnsecuredJWT({ jti: 'n1' }).setIssuer(ISS).setAudience(`${server.url}/cds-services/rxsafety-interactions`).setExpirationTime('5m').encode();
    await rejected(unsigned, /algorithm "none"/);
  });
  test('HMAC shared-secret token', async () => {
    const hs = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuer(ISS).setAudience(`${server.url}/cds-services/rxsafety-interactions`).setExpirationTime('5m').setJti('h1').sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough-123'));
    await rejected(hs, /HS256/);
  });
  test('replayed jti', async () => {
    const t = await token({ jti: 'once-only' });
    assert.equal((await call('/cds-services/rxsafety-interactions', body(), t)).status, 200);
    await rejected(t, /already used/);
  });
});

describe('CDS Hooks feedback', () => {
  test('accept and override feedback is stored', async () => {
    const card = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const res = await call(
      '/cds-services/rxsafety-interactions/feedback',
      {
        feedback: [
          { card, outcome: 'overridden', overrideReason: { reason: { code: 'monitoring-in-place', system: 'https://rxsafety.org/cds/override-reasons' }, userComment: 'on ward' }, outcomeTimestamp: '2026-01-01T10:00:00Z' },
          { card, outcome: 'accepted', outcomeTimestamp: '2026-01-01T10:01:00Z' },
        ],
      },
      await token({ aud: `${server.url}/cds-services/rxsafety-interactions` }),
    );
    assert.equal(res.status, 200);
    const rows = await server.deps.database.db.selectFrom('cds_feedback').selectAll().where('card_uuid', '=', card).orderBy('outcome_at').execute();
    assert.deepEqual(rows.map((r) => [r.outcome, r.override_reason_code, r.client_issuer]), [['overridden', 'monitoring-in-place', ISS], ['accepted', null, ISS]]);
    const bad = await call('/cds-services/rxsafety-interactions/feedback', { feedback: [{ card, outcome: 'ignored', outcomeTimestamp: '2026-01-01T10:00:00Z' }] }, await token());
    assert.equal(bad.status, 400);
    assert.equal((await call('/cds-services/rxsafety-interactions/feedback', { feedback: [] })).status, 401);
  });
});

describe('CDS Hooks with authentication off', () => {
  test('serves without a token and warns loudly at start-up', async () => {
    const open = await startTestServer({ env: { CDS_HOOKS_AUTH: 'off' } });
    try {
      assert.ok(open.logLines.some((l) => /AUTHENTICATION IS OFF/.test(l) && /"warn"/.test(l)), open.logLines.join('\n'));
      const res = await open.post('/cds-services/rxsafety-interactions', hookRequest('order-sign', bundle(medRequest('d1', { text: 'baclofen' })), { prefetch: { activeMedications: bundle() } }));
      assert.equal(res.status, 200);
    } finally {
      await open.close();
    }
  });

  test('a malformed CDS_HOOKS_ISSUERS stops start-up naming the setting', async () => {
    await assert.rejects(startTestServer({ env: { CDS_HOOKS_ISSUERS: '[{"iss": "x"}]' } }), /CDS_HOOKS_ISSUERS/);
  });
});
