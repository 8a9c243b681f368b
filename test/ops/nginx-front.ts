import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpsRequest, Agent } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from './child-server.ts';

export const DEPLOY = resolve(import.meta.dirname, '../../deploy');
export const NGINX = '/usr/sbin/nginx';
export const OPENSSL = '/usr/bin/openssl';
/** Debian 12's packages libnginx-mod-http-modsecurity and modsecurity-crs, which deploy/modsecurity-rxsafety.conf names. */
export const MODSECURITY_MODULE = '/usr/lib/nginx/modules/ngx_http_modsecurity_module.so';
export const CRS_RULES = '/usr/share/modsecurity-crs/rules/REQUEST-949-BLOCKING-EVALUATION.conf';
export const SERVER_NAME = 'rxsafety.example.org';

export interface NginxOptions {
  /** deploy/nginx-rxsafety.conf as shipped unless given (a test may append to it). */
  serverBlocks?: string;
  /** rxsafety servers for the upstream; none keeps the shipped placeholders (enough for nginx -t). */
  upstreamPorts?: readonly number[];
  /** Uncomments the two ModSecurity lines, with deploy/modsecurity-rxsafety.conf as the rules. */
  modsecurity?: boolean;
  /** With `modsecurity`, these rules instead of deploy/modsecurity-rxsafety.conf. */
  modsecurityRules?: string;
}

export interface NginxFront {
  dir: string;
  httpsPort: number;
  httpPort: number;
  /** nginx -t on the prepared configuration. */
  check(): { status: number | null; stderr: string };
  start(): void;
  stop(): void;
  accessLog(): string[];
  errorLog(): string;
  /** ModSecurity's audit log: empty when it is off. */
  auditLog(): string;
  remove(): void;
}

/**
 * deploy/nginx-rxsafety.conf in a throwaway nginx prefix, changed only where a test machine must
 * differ: loopback ports instead of 80 and 443, the given upstream servers, a fresh self-signed
 * certificate and a temporary folder instead of /etc/ssl/rxsafety/ and /var/log/nginx/.
 */
export async function prepareNginx(options: NginxOptions = {}): Promise<NginxFront> {
  const dir = mkdtempSync(join(tmpdir(), 'rxsafety-nginx-'));
  const [httpsPort, httpPort] = [await freePort(), await freePort()];
  const openssl = spawnSync(OPENSSL, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', `/CN=${SERVER_NAME}`, '-keyout', join(dir, 'privkey.pem'), '-out', join(dir, 'fullchain.pem')], { encoding: 'utf8' });
  assert.equal(openssl.status, 0, openssl.stderr);

  let blocks = (options.serverBlocks ?? readFileSync(join(DEPLOY, 'nginx-rxsafety.conf'), 'utf8'))
    .replaceAll('/etc/ssl/rxsafety/', `${dir}/`)
    .replaceAll('/var/log/nginx/', `${dir}/`)
    .replace('listen 443 ssl http2;', `listen 127.0.0.1:${httpsPort} ssl http2;`)
    .replace('listen 80;', `listen 127.0.0.1:${httpPort};`)
    .replace(/^\s*listen \[::\]:\d+.*$/gm, '');
  if (options.upstreamPorts) {
    // The shipped servers' parameters (max_fails, fail_timeout), with the test's addresses.
    const shipped = /^\s*server 127\.0\.0\.1:\d+ (.*);$/m.exec(blocks);
    assert.ok(shipped, 'the shipped upstream names a server on 127.0.0.1');
    const servers = options.upstreamPorts.map((port) => `    server 127.0.0.1:${port} ${shipped[1]};`).join('\n');
    blocks = blocks.replace(/(upstream rxsafety \{\n[^]*?)(\n\s*keepalive)/, (_, head: string, tail: string) => `${head.replace(/\n\s*(#\s*)?server .*/g, '')}\n${servers}${tail}`);
  }
  if (options.modsecurity) {
    // The rules as given, with ModSecurity's audit log (should it ever be turned on) in this folder
    // instead of Debian's /var/log/nginx/, where the test can read it.
    const rulesFile = join(dir, 'modsecurity.conf');
    const rules = options.modsecurityRules ?? readFileSync(join(DEPLOY, 'modsecurity-rxsafety.conf'), 'utf8');
    writeFileSync(rulesFile, `${rules}\nSecAuditLog ${dir}/modsec_audit.log\n`);
    const uncommented = blocks.replace('# modsecurity on;', 'modsecurity on;').replace('# modsecurity_rules_file /etc/nginx/modsec/rxsafety.conf;', `modsecurity_rules_file ${rulesFile};`);
    assert.notEqual(uncommented, blocks, 'the shipped config names the ModSecurity lines to uncomment');
    blocks = uncommented;
  }
  writeFileSync(join(dir, 'rxsafety.conf'), blocks);
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      ...(options.modsecurity ? [`load_module ${MODSECURITY_MODULE};`] : []),
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/main-error.log;`,
      'events {}',
      'http {',
      // The main config's own log: the shipped server blocks must name theirs.
      `  access_log ${dir}/main-access.log;`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `  ${k}_temp_path ${dir}/${k};`),
      `  include ${dir}/rxsafety.conf;`,
      '}',
    ].join('\n'),
  );
  const args = ['-p', dir, '-e', `${dir}/main-error.log`, '-c', join(dir, 'nginx.conf')];
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : '');
  return {
    dir,
    httpsPort,
    httpPort,
    check: () => spawnSync(NGINX, ['-t', ...args], { encoding: 'utf8' }),
    start() {
      const started = spawnSync(NGINX, args, { encoding: 'utf8' });
      assert.equal(started.status, 0, `nginx did not start:\n${started.stderr}`);
    },
    stop() {
      if (existsSync(join(dir, 'nginx.pid'))) spawnSync(NGINX, [...args, '-s', 'stop'], { encoding: 'utf8' });
    },
    accessLog: () => read('rxsafety.access.log').split('\n').filter(Boolean),
    errorLog: () => read('rxsafety.error.log'),
    auditLog: () => read('modsec_audit.log'),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A line of the shipped access log format: time, request id, method, status, bytes, seconds, upstream address, status and seconds. */
export const PRIVATE_LOG_LINE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d [0-9a-f]{32} \S+ \d{3} \d+ \d+\.\d{3} \S+(, \S+)* \S+(, \S+)* \S+(, \S+)*$/;

export interface FrontResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: false });

/** A request to nginx over TLS under the site's name (the test certificate is self-signed). */
export function frontRequest(port: number, method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<FrontResponse> {
  return new Promise((resolvePromise, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, method, path, servername: SERVER_NAME, agent, headers: { host: SERVER_NAME, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolvePromise({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
