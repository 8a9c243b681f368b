import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { backends, openTestPostgres } from '../../testing/databases.ts';
import { startTestServer, type TestServer } from '../../testing/test-server.ts';
import { DatabaseJtiStore } from './auth.ts';

const ISS = 'https://ehr.test.example';
const NOW = 1_800_000_000;

describe('used CDS token ids are kept in the database', () => {
  for (const backend of backends) {
    test(`${backend.name}: an id is accepted once until its token expires, per issuer, and expired ids are purged`, async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const store = new DatabaseJtiStore(database.db);
      assert.equal(await store.remember(ISS, 'a', NOW + 300, NOW), true);
      assert.equal(await store.remember(ISS, 'a', NOW + 300, NOW + 10), false, 'a replay was accepted');
      // A second store is a second server on the same database.
      assert.equal(await new DatabaseJtiStore(database.db).remember(ISS, 'a', NOW + 300, NOW + 20), false, 'a replay to another server was accepted');
      assert.equal(await store.remember('https://other-ehr.example', 'a', NOW + 300, NOW + 20), true, 'one issuer’s id blocked another’s');
      // Issuer and id are kept apart: "ab"+"c" is not "a"+"bc".
      assert.equal(await store.remember(`${ISS}b`, 'c', NOW + 300, NOW), true);
      assert.equal(await store.remember(ISS, 'bc', NOW + 300, NOW), true);
      // The token has expired, so its id may be used by a new token.
      assert.equal(await store.remember(ISS, 'a', NOW + 900, NOW + 301), true);
      assert.equal(await store.remember(ISS, 'a', NOW + 900, NOW + 302), false);

      await store.remember(ISS, 'short-lived', NOW + 5, NOW);
      const purger = new DatabaseJtiStore(database.db);
      await purger.remember(ISS, 'later', NOW + 2000, NOW + 1000);
      const left = await database.db.selectFrom('cds_jti').select('expires_at_sec').execute();
      assert.ok(left.every((r) => Number(r.expires_at_sec) >= NOW + 1000), `expired rows were kept: ${JSON.stringify(left)}`);
      assert.equal(left.length, 1);
    });

    test(`${backend.name}: of many simultaneous uses of one id exactly one is accepted`, async (t) => {
      const database = await backend.open(t);
      if (!database) return;
      t.after(() => database.dispose());
      const stores = Array.from({ length: 4 }, () => new DatabaseJtiStore(database.db));
      const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 4]!.remember(ISS, 'race', NOW + 300, NOW)));
      assert.equal(answers.filter(Boolean).length, 1, JSON.stringify(answers));
    });
  }
});

test('two servers on one PostgreSQL: a token used on server A is refused on server B', async (t) => {
  const database = await openTestPostgres(t);
  if (!database) return;
  const servers: TestServer[] = [];
  t.after(async () => {
    for (const server of servers) await server.close();
    await database.dispose();
  });
  const { publicKey, privateKey } = await generateKeyPair('ES384');
  const keys = [{ ...(await exportJWK(publicKey)), kid: 'es', alg: 'ES384' }];
  // Behind a load balancer both servers answer for one public URL, which is the token's audience.
  const publicUrl = 'https://cds.rxsafety.test';
  const options = {
    env: { CDS_HOOKS_ISSUERS: JSON.stringify([{ iss: ISS, jwks: { keys } }]) },
    config: { PUBLIC_URL: publicUrl },
    database,
  };
  const a = await startTestServer(options);
  servers.push(a);
  const b = await startTestServer(options);
  servers.push(b);
  const token = (jti: string) =>
    new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'es', typ: 'JWT' })
      .setIssuer(ISS)
      .setAudience(`${publicUrl}/cds-services/rxsafety-interactions`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .setJti(jti)
      .sign(privateKey);
  const feedback = { feedback: [{ card: '0f8fad5b-d9cb-469f-a165-70867728950e', outcome: 'accepted', outcomeTimestamp: '2026-01-01T10:00:00Z' }] };
  const send = (server: TestServer, jwt: string) => server.post('/cds-services/rxsafety-interactions/feedback', feedback, { headers: { authorization: `Bearer ${jwt}` } });

  const jwt = await token(`shared-${Date.now()}`);
  assert.equal((await send(a, jwt)).status, 200);
  const replay = await send(b, jwt);
  assert.equal(replay.status, 401);
  assert.match((await replay.json()).detail, /already used/);
  // A fresh token still works on B: the refusal is about the replay, not about server B.
  assert.equal((await send(b, await token(`fresh-${Date.now()}`))).status, 200);
});
