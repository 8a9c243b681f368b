import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { createLogger } from '../observability/logger.ts';
import { startServer } from '../server.ts';
import { startTestServer, type TestServer } from '../testing/test-server.ts';
import { features } from '../web/features.ts';
import { CONSENT } from './consent.ts';
import { createSubscriptionsFeature, subscriptionsFeature } from './feature.ts';
import { SubscriptionStore } from './store.ts';

const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

interface ReceivedMail {
  to: string[];
  headers: Map<string, string>;
  body: string;
}

/** A real SMTP server in this process: nodemailer talks SMTP to it exactly as to a production relay. */
async function startSmtp() {
  const inbox: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        inbox.push(parseMessage(raw, session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { inbox, url: `smtp://127.0.0.1:${port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

function parseMessage(raw: string, to: string[]): ReceivedMail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim());
  }
  let body = rest.join('\n\n');
  if (/quoted-printable/i.test(headers.get('content-transfer-encoding') ?? '')) {
    body = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  }
  return { to, headers, body };
}

function linkIn(mail: ReceivedMail | undefined, path: string): URL {
  const match = mail?.body.match(new RegExp(`https?://\\S+${path.replace(/\//g, '\\/')}\\?token=[A-Za-z0-9_-]+`));
  assert.ok(match, `expected a ${path} link in the email:\n${mail?.body}`);
  return new URL(match[0]);
}

const signUp = (server: TestServer, email: string, extra: Record<string, unknown> = {}) =>
  server.post('/api/v1/subscriptions', { email, topics: ['baclofen'], consent: true, consentVersion: CONSENT.version, ...extra });

let smtp: Awaited<ReturnType<typeof startSmtp>>;
before(async () => {
  smtp = await startSmtp();
});
after(() => smtp.close());

test('sign-up, confirm once, unsubscribe and erase against a real SMTP server; no address in the logs', async (t) => {
  const server = await startTestServer({ env: { SMTP_URL: smtp.url, ADMIN_TOKEN } });
  t.after(() => server.close());
  const store = new SubscriptionStore(server.deps.database.db);
  const email = 'Person.One@Example.org';

  const res = await signUp(server, `  ${email} `);
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), {
    status: 'pending-confirmation',
    emailSent: true,
    message: 'Check your inbox: we sent a link to confirm. Nothing more is sent unless you use it.',
  });
  const mail = smtp.inbox.at(-1);
  assert.deepEqual(mail?.to, ['person.one@example.org'], 'the address is normalised');
  const unsubscribeUrl = linkIn(mail, '/subscriptions/unsubscribe');
  assert.equal(mail?.headers.get('list-unsubscribe'), `<${unsubscribeUrl.href}>`);
  assert.equal(mail?.headers.get('list-unsubscribe-post'), 'List-Unsubscribe=One-Click');

  const confirmUrl = linkIn(mail, '/subscriptions/confirm');
  const confirmed = await server.get(confirmUrl.pathname + confirmUrl.search);
  assert.equal(confirmed.status, 200);
  assert.match(await confirmed.text(), /Sign-up confirmed/);
  assert.equal((await server.get(confirmUrl.pathname + confirmUrl.search)).status, 410, 'the link works once');
  const [row] = await store.list();
  assert.ok(row?.confirmedAt);
  assert.equal(row.consentText, CONSENT.text);

  // Opening the unsubscribe link only shows buttons (mail scanners follow links).
  const unsubscribePage = await server.get(unsubscribeUrl.pathname + unsubscribeUrl.search);
  assert.equal(unsubscribePage.status, 200);
  assert.equal((await store.list())[0]?.unsubscribedAt, null);

  // RFC 8058 one-click: the mail client POSTs to the header's URL.
  const oneClick = await fetch(`${server.url}${unsubscribeUrl.pathname}${unsubscribeUrl.search}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  });
  assert.equal(oneClick.status, 200);
  assert.ok((await store.list())[0]?.unsubscribedAt, 'unsubscribed');

  const erase = await fetch(`${server.url}/subscriptions/erase`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: `token=${unsubscribeUrl.searchParams.get('token')}`,
  });
  assert.equal(erase.status, 200);
  assert.equal(await store.count(), 0, 'erasure removes every row');

  const logs = server.logLines.join('\n').toLowerCase();
  assert.ok(logs.includes('pe…@example.org'), 'the masked address is logged');
  assert.ok(!logs.includes('person.one@'), 'the full address never is');
});

test('with no SMTP_URL the link is logged (masked address) and the page says the email was not sent', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const res = await fetch(`${server.url}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'dev.person@example.org', topics: 'baclofen', consent: 'yes', consentVersion: CONSENT.version }),
  });
  assert.equal(res.status, 200);
  assert.match(await res.text(), /could not send the confirmation email/);
  const line = server.logLines.find((l) => l.includes('/subscriptions/confirm?token='));
  assert.ok(line, 'the confirmation link is logged for a developer');
  assert.ok(line.includes('de…@example.org') && !server.logLines.join('\n').includes('dev.person@'));
  const confirmUrl = new URL(JSON.parse(line).confirmUrl as string);
  assert.equal((await server.get(confirmUrl.pathname + confirmUrl.search)).status, 200);
});

test('a confirmation link stops working when it expires', async (t) => {
  let now = new Date('2026-03-01T12:00:00Z');
  const feature = createSubscriptionsFeature({ now: () => now, policy: { confirmationTtlMs: 60_000 } });
  const config = loadConfig({ DATABASE_URL: 'sqlite::memory:', SMTP_URL: smtp.url }, { PORT: 0, HOST: '127.0.0.1' });
  const database = openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  const server = await startServer({
    config,
    database,
    logger: createLogger('silent'),
    features: features.map((f) => (f === subscriptionsFeature ? feature : f)),
  });
  t.after(async () => {
    await server.close();
    await database.close();
  });

  const res = await fetch(`${server.url}/api/v1/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'late@example.org', consent: true }),
  });
  assert.equal(res.status, 202);
  const link = linkIn(smtp.inbox.at(-1), '/subscriptions/confirm');
  now = new Date(now.getTime() + 60_000);
  const expired = await fetch(`${server.url}${link.pathname}${link.search}`);
  assert.equal(expired.status, 410);
  assert.match(await expired.text(), /expired/);
});

test('bad sign-ups get a clear 4xx and nothing is stored or sent', async (t) => {
  const server = await startTestServer({ env: { SMTP_URL: smtp.url } });
  t.after(() => server.close());
  const sentBefore = smtp.inbox.length;

  const cases: [string, Record<string, unknown>, string][] = [
    ['malformed address', { email: 'not-an-address', consent: true }, 'email'],
    ['missing consent', { email: 'a@example.org' }, 'consent'],
    ['consent false', { email: 'a@example.org', consent: false }, 'consent'],
    ['unknown topic', { email: 'a@example.org', consent: true, topics: ['cocaine'] }, 'topics.0'],
    ['stale consent wording', { email: 'a@example.org', consent: true, consentVersion: 'old' }, 'consentVersion'],
  ];
  for (const [name, body, field] of cases) {
    const res = await server.post('/api/v1/subscriptions', body);
    assert.equal(res.status, 400, name);
    const problem = (await res.json()) as { errors: { field: string; message: string }[] };
    assert.ok(problem.errors.some((e) => e.field === field), `${name}: names ${field}: ${JSON.stringify(problem)}`);
  }
  const tooLong = await server.post('/api/v1/subscriptions', { email: `${'a'.repeat(250)}@example.org`, consent: true });
  assert.equal(tooLong.status, 400);

  const oversized = await server.post('/api/v1/subscriptions', { email: 'a@example.org', consent: true, padding: 'x'.repeat(10_000) });
  assert.equal(oversized.status, 413);
  assert.equal(((await oversized.json()) as { code: string }).code, 'payload-too-large');

  const form = await fetch(`${server.url}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'someone@example.org', topics: 'baclofen' }),
  });
  assert.equal(form.status, 400);
  assert.match(await form.text(), /consent is required/);

  assert.equal(smtp.inbox.length, sentBefore);
  assert.equal(await new SubscriptionStore(server.deps.database.db).count(), 0);
});

test('confirmation emails are limited per address and per client', async (t) => {
  const server = await startTestServer({ env: { SMTP_URL: smtp.url } });
  t.after(() => server.close());
  const sentBefore = smtp.inbox.length;

  for (let i = 0; i < 3; i++) assert.equal((await signUp(server, 'same@example.org')).status, 202);
  const limited = await signUp(server, 'SAME@example.org');
  assert.equal(limited.status, 429);
  const problem = (await limited.json()) as { code: string; retryAfterSeconds: number };
  assert.equal(problem.code, 'rate-limited');
  assert.ok(Number.isInteger(problem.retryAfterSeconds) && problem.retryAfterSeconds > 0 && problem.retryAfterSeconds <= 3600, String(problem.retryAfterSeconds));
  assert.equal(limited.headers.get('retry-after'), String(problem.retryAfterSeconds), 'Retry-After header matches the body');
  // The plain form gets the same header on its 429 page.
  const form = await fetch(`${server.url}/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email: 'same@example.org', topics: 'baclofen', consent: 'yes' }),
  });
  assert.equal(form.status, 429);
  assert.match(form.headers.get('retry-after') ?? '', /^[1-9]\d*$/);
  await form.text();
  assert.equal(smtp.inbox.length - sentBefore, 3, 'the fourth email was not sent');

  // The same client, other addresses: 10 sign-ups an hour in all.
  let accepted = 3;
  for (let i = 0; accepted < 10; i++, accepted++) assert.equal((await signUp(server, `other${i}@example.org`)).status, 202);
  assert.equal((await signUp(server, 'fresh@example.org')).status, 429);
});

test('the administrator API needs the token and exports and erases', async (t) => {
  const server = await startTestServer({ env: { SMTP_URL: smtp.url, ADMIN_TOKEN } });
  t.after(() => server.close());
  await signUp(server, 'admin.case@example.org');

  assert.equal((await server.get('/api/v1/admin/subscriptions')).status, 401);
  assert.equal((await server.get('/api/v1/admin/subscriptions', { headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } })).status, 401);
  assert.equal((await server.post('/api/v1/admin/subscriptions/erase', { email: 'x' })).status, 401, 'no token: 401 before validation');

  const auth = { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } };
  const list = (await (await server.get('/api/v1/admin/subscriptions', auth)).json()) as { subscriptions: { email: string }[] };
  assert.deepEqual(list.subscriptions.map((s) => s.email), ['admin.case@example.org']);
  const erased = await server.post('/api/v1/admin/subscriptions/erase', { email: 'Admin.Case@example.org' }, auth);
  assert.deepEqual(await erased.json(), { erased: 1 });
  assert.equal(await new SubscriptionStore(server.deps.database.db).count(), 0);

  const disabled = await startTestServer();
  t.after(() => disabled.close());
  assert.equal((await disabled.get('/api/v1/admin/subscriptions', auth)).status, 403);
});
