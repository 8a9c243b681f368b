import { z } from 'zod';

/**
 * Every setting rxsafety reads from the environment, validated once at start-up.
 * Defaults give a working single-machine server: SQLite, bundled content, no network.
 */
const GuardMode = z.enum(['block', 'monitor', 'off']);

const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  PUBLIC_URL: z.url().optional(),
  CONTENT_DIR: z.string().min(1).default('content'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional(),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional(),
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  MAIL_FROM: z.string().min(3).default('rxsafety <no-reply@localhost>'),
  ADMIN_TOKEN: z.string().min(24, 'must be at least 24 characters').optional(),
  GUARD_MODE: GuardMode.default('block'),
  GUARD_THRESHOLD: z.coerce.number().int().min(1).max(100).default(5),
  /** Per-route guard exceptions: `path-prefix=category,category;…` (`all` skips inspection). See docs/SECURITY.md. */
  GUARD_EXCEPTIONS: z.string().default('/cds-services=rfi,xss,template;/api/v1/admin/import=all'),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(120),
  CDS_HOOKS_AUTH: z.enum(['on', 'off']).default('on'),
  CDS_HOOKS_ISSUERS: z.string().default(''),
  RXSAFETY_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  TRUST_PROXY: z
    .string()
    .regex(/^[0-9a-fA-F:., ]*$/, 'a comma-separated list of proxy IP addresses')
    .default(''),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
});

export type Config = Readonly<z.infer<typeof ConfigSchema>>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Record<keyof Config, unknown>> = {}): Config {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(ConfigSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') raw[key] = value;
  }
  Object.assign(raw, overrides);
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`),
    );
  }
  return Object.freeze(parsed.data);
}

/** The names and defaults, for the README table and `--help`. */
export const configKeys = Object.keys(ConfigSchema.shape) as (keyof Config)[];
