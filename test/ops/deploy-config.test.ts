import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const DEPLOY = resolve(import.meta.dirname, '../../deploy');
const NGINX = '/usr/sbin/nginx';
const OPENSSL = '/usr/bin/openssl';
const SYSTEMD_ANALYZE = '/usr/bin/systemd-analyze';

/**
 * nginx -t on deploy/nginx-rxsafety.conf as shipped, inside a throwaway main config (temp pid, logs
 * and a fresh self-signed certificate in place of the placeholders).
 */
function nginxTest(serverBlocks: string) {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-nginx-'));
  try {
    const openssl = spawnSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=rxsafety.test', '-keyout', join(dir, 'privkey.pem'), '-out', join(dir, 'fullchain.pem')], { encoding: 'utf8' });
    assert.equal(openssl.status, 0, openssl.stderr);
    writeFileSync(join(dir, 'rxsafety.conf'), serverBlocks.replaceAll('/etc/ssl/rxsafety/', `${dir}/`));
    writeFileSync(
      join(dir, 'nginx.conf'),
      [
        `pid ${dir}/nginx.pid;`,
        `error_log ${dir}/error.log;`,
        'events {}',
        'http {',
        `  access_log ${dir}/access.log;`,
        ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${dir}/${k};`),
        `  include ${dir}/rxsafety.conf;`,
        '}',
      ].join('\n'),
    );
    return spawnSync(NGINX, ['-t', '-p', dir, '-e', `${dir}/error.log`, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('deploy/nginx-rxsafety.conf passes nginx -t', (t) => {
  const available = existsSync(NGINX) && existsSync(OPENSSL);
  // Deployment tools are optional (CI does not install them), so a missing one skips even under CI.
  if (!available) return t.skip(`nginx or openssl not installed (${NGINX}, ${OPENSSL}): nginx config not tested`);
  const config = readFileSync(join(DEPLOY, 'nginx-rxsafety.conf'), 'utf8');
  for (const directive of ['X-Forwarded-For', 'X-Forwarded-Proto', 'gzip on', 'modsecurity on', 'upstream rxsafety']) {
    assert.ok(config.includes(directive), `the config has ${directive}`);
  }
  const result = nginxTest(config);
  assert.equal(result.status, 0, `nginx -t failed:\n${result.stderr}`);
  assert.match(result.stderr, /test is successful/);
  // The check can fail: a broken directive is caught.
  assert.notEqual(nginxTest(`${config}\nserver { listen 8080; proxy_pass_nonsense on; }\n`).status, 0);
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
