import { createHash } from 'node:crypto';
import { createLocalJWKSet, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { ConfigError } from '../../config/config.ts';
import type { Db } from '../../db/database.ts';
import { AppError } from '../../errors/catalogue.ts';

/**
 * CDS Hooks client authentication (CDS Hooks 2.0 §Trusting CDS Clients): the EHR signs a JWT with an
 * asymmetric key; we accept only issuers on an allow-list, only ES384/RS384, `aud` equal to the
 * service URL, a future `exp`, and each `jti` once across every server sharing the database.
 *
 * CDS_HOOKS_ISSUERS is a JSON array; each issuer gives either a JWKS URL or its keys inline:
 *   [{"iss":"https://ehr.example.org","jwksUrl":"https://ehr.example.org/.well-known/jwks.json"},
 *    {"iss":"https://sandbox.example","jwks":{"keys":[{"kty":"EC","crv":"P-384","x":"…","y":"…","kid":"k1"}]}}]
 * The `jku` header of a token is ignored: keys come only from this configuration.
 */
export const ALLOWED_ALGORITHMS = ['ES384', 'RS384'] as const;

const IssuerConfig = z.union([
  z.strictObject({ iss: z.string().min(1), jwksUrl: z.url() }),
  z.strictObject({ iss: z.string().min(1), jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())).min(1) }) }),
]);
const IssuersConfig = z.array(IssuerConfig);

export interface TrustedIssuers {
  keysFor(iss: string): JWTVerifyGetKey | undefined;
  readonly count: number;
}

/** Parses CDS_HOOKS_ISSUERS; a malformed value stops start-up with a ConfigError naming the setting. */
export function parseTrustedIssuers(raw: string): TrustedIssuers {
  let parsed: z.infer<typeof IssuersConfig> = [];
  if (raw.trim() !== '') {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new ConfigError(['CDS_HOOKS_ISSUERS: expected a JSON array like [{"iss":"…","jwksUrl":"https://…"}]']);
    }
    const result = IssuersConfig.safeParse(json);
    if (!result.success) {
      throw new ConfigError(result.error.issues.map((i) => `CDS_HOOKS_ISSUERS.${i.path.join('.')}: ${i.message} (each issuer needs "iss" and either "jwksUrl" or "jwks")`));
    }
    parsed = result.data;
  }
  const keys = new Map<string, JWTVerifyGetKey>();
  for (const issuer of parsed) {
    keys.set(issuer.iss, 'jwksUrl' in issuer ? createRemoteJWKSet(new URL(issuer.jwksUrl), { timeoutDuration: 3000 }) : createLocalJWKSet(issuer.jwks as unknown as JSONWebKeySet));
  }
  return { keysFor: (iss) => keys.get(iss), count: keys.size };
}

/** Records a token id until its token expires; false when the id was already used and has not expired. */
export interface JtiReplayStore {
  remember(iss: string, jti: string, expiresAtSec: number, nowSec: number): Promise<boolean>;
}

/**
 * Used token ids in the database, so every server behind a load balancer refuses a token another one
 * has accepted. The upsert is the whole check: it inserts a new id, or takes over the row of an id
 * whose token has expired, and changes nothing (0 rows) when the id is still live, atomically on
 * both SQLite and PostgreSQL. Expired rows are deleted at most once a minute per process.
 */
export class DatabaseJtiStore implements JtiReplayStore {
  private nextPurgeSec = 0;
  constructor(private readonly db: Db) {}

  async remember(iss: string, jti: string, expiresAtSec: number, nowSec: number): Promise<boolean> {
    if (nowSec >= this.nextPurgeSec) {
      this.nextPurgeSec = nowSec + 60;
      await this.db.deleteFrom('cds_jti').where('expires_at_sec', '<', nowSec).execute();
    }
    const jtiKey = createHash('sha256').update(`${iss.length}:${iss}${jti}`).digest('hex');
    const result = await this.db
      .insertInto('cds_jti')
      .values({ jti_key: jtiKey, expires_at_sec: expiresAtSec })
      .onConflict((oc) => oc.column('jti_key').doUpdateSet({ expires_at_sec: expiresAtSec }).where('cds_jti.expires_at_sec', '<', nowSec))
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }
}

export interface VerifiedClient {
  iss: string;
  sub?: string;
}

const unauthorized = (detail: string) => new AppError('unauthorized', detail);

/** Verifies the bearer token of a CDS Hooks request; throws a 401 AppError saying what is wrong. */
export async function verifyCdsClientToken(
  authorization: string | undefined,
  options: { issuers: TrustedIssuers; audience: string; replay: JtiReplayStore; nowSec?: number },
): Promise<VerifiedClient> {
  const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/.exec(authorization ?? '');
  if (!match) throw unauthorized('Send the CDS client JWT as "Authorization: Bearer <token>".');
  const token = match[1]!;
  let alg: string | undefined;
  let iss: string | undefined;
  try {
    alg = decodeProtectedHeader(token).alg;
    iss = decodeJwt(token).iss;
  } catch {
    throw unauthorized('The bearer token is not a JWT.');
  }
  // Checked before any key lookup: "none" and shared-secret (HS*) tokens are never accepted.
  if (!alg || !(ALLOWED_ALGORITHMS as readonly string[]).includes(alg)) {
    throw unauthorized(`Token algorithm "${alg ?? 'none'}" is not accepted; sign with ${ALLOWED_ALGORITHMS.join(' or ')}.`);
  }
  const keys = iss ? options.issuers.keysFor(iss) : undefined;
  if (!iss || !keys) throw unauthorized('The token issuer (iss) is not on this service\'s list of trusted CDS clients.');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keys, {
      issuer: iss,
      audience: options.audience,
      algorithms: [...ALLOWED_ALGORITHMS],
      requiredClaims: ['exp', 'jti', 'aud', 'iss'],
      ...(options.nowSec !== undefined ? { currentDate: new Date(options.nowSec * 1000) } : {}),
    }));
  } catch (error) {
    throw unauthorized(describeJoseError(error, options.audience));
  }
  const nowSec = options.nowSec ?? Math.floor(Date.now() / 1000);
  if (!(await options.replay.remember(iss, payload.jti!, payload.exp!, nowSec))) {
    throw unauthorized('This token (jti) was already used; send a new token with each request.');
  }
  return { iss, ...(payload.sub ? { sub: payload.sub } : {}) };
}

function describeJoseError(error: unknown, audience: string): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired (exp).';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'aud') return `The token audience (aud) must be this service's URL: ${audience}.`;
    return `The token claim "${error.claim}" is missing or not valid.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature does not verify against the issuer\'s keys.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'No key of the issuer matches the token (kid).';
  if (error instanceof errors.JOSEAlgNotAllowed) return `Token algorithm not accepted; sign with ${ALLOWED_ALGORITHMS.join(' or ')}.`;
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return 'The token could not be verified.';
  return 'The token could not be verified.';
}
