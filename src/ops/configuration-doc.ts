import { configKeys, loadConfig, type Config } from '../config/config.ts';

/**
 * docs/CONFIGURATION.md is generated from the configuration schema, so the table cannot drift from
 * what the server reads: `node --import tsx src/ops/configuration-doc.ts > docs/CONFIGURATION.md`.
 * test/ops/configuration-doc.test.ts fails when a key has no meaning here or the file is stale.
 */
export const configMeanings: Partial<Record<keyof Config, string>> = {
  PORT: 'TCP port to listen on; `0` picks a free port and logs the URL.',
  HOST: 'Address to bind. Use `127.0.0.1` behind a reverse proxy on the same machine.',
  PUBLIC_URL: 'The public origin (e.g. `https://rxsafety.example.org`) used in emailed links, the PDF guide, sitemap.xml and robots.txt. Set it in production: without it the request Host header is trusted.',
  CONTENT_DIR: 'Folder with the drug, source and rule content (YAML). A broken file stops start-up, naming the file and field.',
  DATA_DIR: 'Folder for the SQLite database (`rxsafety.sqlite`) when `DATABASE_URL` is not set. Must be writable.',
  DATABASE_URL: '`postgres://user:pass@host/db` to share one PostgreSQL between servers, or `sqlite:/path/file.sqlite` (`sqlite::memory:` for a throwaway one). Unset: SQLite under `DATA_DIR`.',
  REDIS_URL: '`redis://` or `rediss://` URL. Needed when more than one server runs: rate limits are counted in Redis so every server enforces one limit. Unset: counted in process memory.',
  SMTP_URL: '`smtp://` or `smtps://` relay for sign-up confirmation emails. Unset: no email is sent and the link is logged (masked address).',
  MAIL_FROM: 'The From header of emails.',
  ADMIN_TOKEN: 'Bearer token for the administrator API (sign-up export, erasure, imports); at least 24 characters. Unset: the administrator API is disabled.',
  GUARD_MODE: '`block` answers detected attacks with a 403 and a reference id; `monitor` only logs and counts them; `off` disables inspection.',
  GUARD_THRESHOLD: 'Anomaly score at which the guard blocks a request (lower blocks more).',
  GUARD_EXCEPTIONS: 'Per-path guard exceptions: `path-prefix=category,category;…` (`all` skips inspection for that path).',
  RATE_LIMIT_PER_MINUTE: 'Writes and costly searches allowed per client address per minute (per bucket), across all servers when `REDIS_URL` is set.',
  CDS_HOOKS_AUTH: '`on` requires a signed JWT from a trusted issuer on `/cds-services`; `off` is for local development only (logged loudly).',
  CDS_HOOKS_ISSUERS: 'JSON array of trusted CDS Hooks clients: `[{"iss":"…","jwksUrl":"…"}]` or with inline `jwks`. Empty: every CDS call is refused.',
  RXSAFETY_LOG_LEVEL: 'Least severe level written to the JSON log on stdout: `debug`, `info`, `warn`, `error` or `silent`.',
  REQUEST_TIMEOUT_MS: 'Socket inactivity timeout for a request, in milliseconds.',
  TRUST_PROXY: 'Comma-separated addresses of reverse proxies (e.g. `127.0.0.1,::1` for nginx on the same machine) whose `X-Forwarded-For` gives the client address for rate limits and block pages. Empty: the connecting address is the client.',
};

/** Keys the table would leave without a meaning (the test lists them). */
export function undocumentedKeys(): (keyof Config)[] {
  return configKeys.filter((key) => !configMeanings[key]);
}

export function configurationMarkdown(): string {
  const defaults = loadConfig({});
  const rows = configKeys.map((key) => {
    const value = defaults[key];
    const shown = value === undefined ? '(unset)' : value === '' ? '(empty)' : `\`${String(value)}\``;
    return `| \`${key}\` | ${shown} | ${(configMeanings[key] ?? '').replace(/\|/g, '\\|')} |`;
  });
  return [
    '# Configuration',
    '',
    'rxsafety reads these environment variables once at start-up and validates them; a bad value stops',
    'start-up with a message naming the variable (exit code 1). Defaults give a working single server',
    'with SQLite and no network services. Under systemd put them in `/etc/rxsafety/rxsafety.env`',
    '(see [DEPLOY.md](DEPLOY.md)).',
    '',
    '<!-- Generated from src/config/config.ts by src/ops/configuration-doc.ts; do not edit by hand. -->',
    '',
    '| Variable | Default | Meaning |',
    '|---|---|---|',
    ...rows,
    '',
    '`npm run start:cluster` also reads `WEB_CONCURRENCY` (number of worker processes; default: one per core).',
    '',
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) process.stdout.write(configurationMarkdown());
