import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { skipUnlessAvailable } from '../../src/testing/environment.ts';
import { CRS_RULES, DEPLOY, MODSECURITY_MODULE, NGINX, OPENSSL, prepareNginx } from './nginx-front.ts';

const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

async function nginxTest(options: Parameters<typeof prepareNginx>[0] = {}) {
  const front = await prepareNginx(options);
  try {
    return front.check();
  } finally {
    front.remove();
  }
}

test('deploy/nginx-rxsafety.conf passes nginx -t, as shipped and with ModSecurity and the CRS turned on', async (t) => {
  if (skipUnlessAvailable(t, existsSync(NGINX) && existsSync(OPENSSL), `nginx or openssl not installed (${NGINX}, ${OPENSSL}): nginx config not tested`)) return;
  const config = readFileSync(join(DEPLOY, 'nginx-rxsafety.conf'), 'utf8');
  for (const directive of ['X-Forwarded-For', 'X-Forwarded-Proto', 'gzip on', 'modsecurity on', 'upstream rxsafety', 'error_page 403 /blocked']) {
    assert.ok(config.includes(directive), `the config has ${directive}`);
  }
  const result = await nginxTest();
  assert.equal(result.status, 0, `nginx -t failed:\n${result.stderr}`);
  assert.match(result.stderr, /test is successful/);
  // The check can fail: a broken directive is caught.
  assert.notEqual((await nginxTest({ serverBlocks: `${config}\nserver { listen 8080; proxy_pass_nonsense on; }\n` })).status, 0);

  if (skipUnlessAvailable(t, existsSync(MODSECURITY_MODULE) && existsSync(CRS_RULES), `ModSecurity for nginx or the CRS not installed (${MODSECURITY_MODULE}, ${CRS_RULES}): not tested with the WAF on`)) return;
  const withWaf = await nginxTest({ modsecurity: true });
  assert.equal(withWaf.status, 0, `nginx -t with ModSecurity failed:\n${withWaf.stderr}`);
  // Every CRS rule the exclusions name is one the installed CRS has: ModSecurity ignores an unknown id,
  // so a renumbered rule would silently refuse people again.
  const crs = readdirSync(dirname(CRS_RULES)).filter((f) => f.endsWith('.conf')).map((f) => readFileSync(join(dirname(CRS_RULES), f), 'utf8')).join('\n');
  const named = [...readFileSync(join(DEPLOY, 'modsecurity-rxsafety.conf'), 'utf8').matchAll(/^SecRule(?:RemoveById|UpdateTargetById) (\d+)/gm)].map((m) => m[1]!);
  assert.ok(named.length >= 3, `exclusions found: ${named.join(', ')}`);
  for (const id of named) assert.ok(crs.includes(`"id:${id},`), `CRS rule ${id} exists`);
});

test('deploy/rxsafety.service passes systemd-analyze verify and is hardened', (t) => {
  if (!existsSync(SYSTEMD_ANALYZE)) return t.skip('systemd-analyze not installed: unit not verified');
  const unit = join(DEPLOY, 'rxsafety.service');
  const text = readFileSync(unit, 'utf8');
  for (const line of ['Restart=on-failure', 'NoNewPrivileges=yes', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/rxsafety', 'EnvironmentFile=/etc/rxsafety/rxsafety.env', 'KillSignal=SIGTERM']) {
    assert.match(text, new RegExp(`^${line.replace(/[.]/g, '\\.')}$`, 'm'), `the unit sets ${line}`);
  }
  const result = spawnSync(SYSTEMD_ANALYZE, ['verify', unit], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /Unknown key|Unknown section|Invalid/, result.stderr);
});
