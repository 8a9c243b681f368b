import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backends } from '../testing/databases.ts';
import { CONSENT } from './consent.ts';
import { SubscriptionStore, UNCONFIRMED_RETENTION_MS } from './store.ts';

const HOUR_MS = 60 * 60 * 1000;
const t0 = new Date('2026-03-01T12:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const request = (email: string, now = t0) => ({ email, topics: ['baclofen'], consent: CONSENT, now, confirmationTtlMs: 24 * HOUR_MS });

for (const backend of backends) {
  test(`${backend.name}: a confirmation link works once and not after it expires`, async (t) => {
    const handle = await backend.open(t);
    if (!handle) return;
    t.after(() => handle.dispose());
    const store = new SubscriptionStore(handle.db);

    const first = await store.signUp(request('ann@example.org'));
    assert.equal(first.kind, 'pending');
    if (first.kind !== 'pending') return;
    assert.equal(await store.confirm(first.confirmToken, at(HOUR_MS)), 'confirmed');
    assert.equal(await store.confirm(first.confirmToken, at(HOUR_MS)), 'unknown', 'a used link confirms nothing');

    const late = await store.signUp(request('bob@example.org'));
    if (late.kind !== 'pending') return assert.fail('expected pending');
    assert.equal(await store.confirm(late.confirmToken, at(24 * HOUR_MS)), 'expired');
    assert.equal(await store.confirm('not-a-token', t0), 'unknown');

    const [ann, bob] = await store.list();
    assert.equal(ann?.confirmedAt, at(HOUR_MS).toISOString());
    assert.equal(ann?.consentVersion, CONSENT.version);
    assert.equal(ann?.consentText, CONSENT.text, 'the exact words agreed to are stored');
    assert.equal(ann?.consentedAt, t0.toISOString());
    assert.deepEqual(ann?.topics, ['baclofen']);
    assert.equal(bob?.confirmedAt, null);
  });

  test(`${backend.name}: signing up again after unsubscribing needs a new confirmation`, async (t) => {
    const handle = await backend.open(t);
    if (!handle) return;
    t.after(() => handle.dispose());
    const store = new SubscriptionStore(handle.db);

    const first = await store.signUp(request('ann@example.org'));
    if (first.kind !== 'pending') return assert.fail('expected pending');
    await store.confirm(first.confirmToken, t0);
    const again = await store.signUp(request('ann@example.org', at(HOUR_MS)));
    assert.equal(again.kind, 'already-subscribed', 'a confirmed address is not reset by someone else signing it up');

    assert.equal(await store.unsubscribe(again.unsubscribeToken, at(2 * HOUR_MS)), true);
    assert.equal(await store.unsubscribe(first.unsubscribeToken, at(2 * HOUR_MS)), false, 'tokens rotate on every sign-up');
    const back = await store.signUp(request('ann@example.org', at(3 * HOUR_MS)));
    assert.equal(back.kind, 'pending');
    const [row] = await store.list();
    assert.equal(row?.confirmedAt, null);
    assert.equal(row?.unsubscribedAt, null);
    assert.equal(await store.count(), 1, 'one row an address');
  });

  test(`${backend.name}: erasure and the 7-day purge delete the rows`, async (t) => {
    const handle = await backend.open(t);
    if (!handle) return;
    t.after(() => handle.dispose());
    const store = new SubscriptionStore(handle.db);

    const kept = await store.signUp(request('kept@example.org'));
    if (kept.kind !== 'pending') return assert.fail('expected pending');
    await store.confirm(kept.confirmToken, t0);
    await store.signUp(request('stale@example.org'));
    await store.signUp(request('fresh@example.org', at(6 * 24 * HOUR_MS)));

    assert.equal(await store.purgeUnconfirmed(at(UNCONFIRMED_RETENTION_MS - 1)), 0);
    assert.equal(await store.purgeUnconfirmed(at(UNCONFIRMED_RETENTION_MS + 1)), 1);
    assert.deepEqual((await store.list()).map((r) => r.email), ['fresh@example.org', 'kept@example.org']);

    assert.equal(await store.erase('kept@example.org'), 1);
    assert.equal(await store.eraseByUnsubscribeToken('nope'), false);
    assert.deepEqual((await store.list()).map((r) => r.email), ['fresh@example.org']);
  });
}
