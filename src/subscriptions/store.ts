import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database.ts';
import type { SubscriptionRow } from './tables.ts';
import { hashToken, newToken } from './tokens.ts';

export interface SignUpRequest {
  email: string;
  topics: readonly string[];
  consent: { version: string; text: string };
  now: Date;
  confirmationTtlMs: number;
}

/** What a sign-up needs emailed: the raw tokens exist only here, never in the database. */
export type SignUpOutcome =
  | { kind: 'pending'; confirmToken: string; unsubscribeToken: string; expiresAt: Date }
  | { kind: 'already-subscribed'; unsubscribeToken: string };

export type ConfirmOutcome = 'confirmed' | 'expired' | 'unknown';

/** An exported subscription, as the person or an administrator sees it (no token hashes). */
export interface SubscriptionRecord {
  email: string;
  topics: string[];
  consentVersion: string;
  consentText: string;
  consentedAt: string;
  requestedAt: string;
  confirmedAt: string | null;
  unsubscribedAt: string | null;
}

/** Unconfirmed sign-ups are deleted after this long (the issue promises 7 days). */
export const UNCONFIRMED_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Every read and write of the subscriptions table. */
export class SubscriptionStore {
  constructor(private readonly db: Db) {}

  /**
   * Records a sign-up. A confirmed, active address keeps its confirmation (we only tell the person);
   * anything else starts over as pending with new tokens, so an old confirmation can never be
   * reused to re-subscribe someone who left.
   */
  async signUp(request: SignUpRequest): Promise<SignUpOutcome> {
    const now = request.now.toISOString();
    const existing = await this.db.selectFrom('subscriptions').selectAll().where('email', '=', request.email).executeTakeFirst();
    const unsubscribeToken = newToken();
    if (existing && existing.confirmed_at && !existing.unsubscribed_at) {
      await this.db
        .updateTable('subscriptions')
        .set({ unsubscribe_token_hash: hashToken(unsubscribeToken) })
        .where('id', '=', existing.id)
        .execute();
      return { kind: 'already-subscribed', unsubscribeToken };
    }
    const confirmToken = newToken();
    const expiresAt = new Date(request.now.getTime() + request.confirmationTtlMs);
    const values = {
      topics: JSON.stringify([...new Set(request.topics)]),
      consent_version: request.consent.version,
      consent_text: request.consent.text,
      consented_at: now,
      requested_at: now,
      confirm_token_hash: hashToken(confirmToken),
      confirm_expires_at: expiresAt.toISOString(),
      confirmed_at: null,
      unsubscribe_token_hash: hashToken(unsubscribeToken),
      unsubscribed_at: null,
    };
    if (existing) {
      await this.db.updateTable('subscriptions').set(values).where('id', '=', existing.id).execute();
    } else {
      await this.db
        .insertInto('subscriptions')
        .values({ id: randomUUID(), email: request.email, ...values })
        .onConflict((oc) => oc.column('email').doUpdateSet(values))
        .execute();
    }
    return { kind: 'pending', confirmToken, unsubscribeToken, expiresAt };
  }

  /** Uses a confirmation token once: a second use, or one after its expiry, confirms nothing. */
  async confirm(token: string, now: Date): Promise<ConfirmOutcome> {
    const tokenHash = hashToken(token);
    const row = await this.db
      .selectFrom('subscriptions')
      .select(['id', 'confirm_expires_at'])
      .where('confirm_token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return 'unknown';
    if (!row.confirm_expires_at || row.confirm_expires_at <= now.toISOString()) return 'expired';
    // The token hash in the WHERE makes two concurrent clicks confirm once.
    const result = await this.db
      .updateTable('subscriptions')
      .set({ confirmed_at: now.toISOString(), confirm_token_hash: null, confirm_expires_at: null })
      .where('id', '=', row.id)
      .where('confirm_token_hash', '=', tokenHash)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? 'confirmed' : 'unknown';
  }

  /** Whose subscription an unsubscribe token opens, if any (callers mask the address before showing it). */
  async findByUnsubscribeToken(token: string): Promise<{ email: string; unsubscribedAt: string | null } | undefined> {
    const row = await this.db
      .selectFrom('subscriptions')
      .select(['email', 'unsubscribed_at'])
      .where('unsubscribe_token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return row ? { email: row.email, unsubscribedAt: row.unsubscribed_at } : undefined;
  }

  /** Stops all email to the token's address; true when the token was valid. Idempotent. */
  async unsubscribe(token: string, now: Date): Promise<boolean> {
    const tokenHash = hashToken(token);
    const row = await this.db
      .selectFrom('subscriptions')
      .select(['id', 'unsubscribed_at'])
      .where('unsubscribe_token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return false;
    if (!row.unsubscribed_at) {
      await this.db
        .updateTable('subscriptions')
        .set({ unsubscribed_at: now.toISOString(), confirm_token_hash: null, confirm_expires_at: null })
        .where('id', '=', row.id)
        .execute();
    }
    return true;
  }

  /** Deletes everything held about the token's address; true when the token was valid. */
  async eraseByUnsubscribeToken(token: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('subscriptions')
      .where('unsubscribe_token_hash', '=', hashToken(token))
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes everything held about an address (already normalised); returns the rows deleted. */
  async erase(email: string): Promise<number> {
    const result = await this.db.deleteFrom('subscriptions').where('email', '=', email).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Deletes sign-ups never confirmed within the retention period; returns how many. */
  async purgeUnconfirmed(now: Date, retentionMs: number = UNCONFIRMED_RETENTION_MS): Promise<number> {
    const cutoff = new Date(now.getTime() - retentionMs).toISOString();
    const result = await this.db
      .deleteFrom('subscriptions')
      .where('confirmed_at', 'is', null)
      .where('requested_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async list(): Promise<SubscriptionRecord[]> {
    const rows = await this.db.selectFrom('subscriptions').selectAll().orderBy('email').execute();
    return rows.map(toRecord);
  }

  async count(): Promise<number> {
    const row = await this.db.selectFrom('subscriptions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}

function toRecord(row: SubscriptionRow): SubscriptionRecord {
  return {
    email: row.email,
    topics: JSON.parse(row.topics) as string[],
    consentVersion: row.consent_version,
    consentText: row.consent_text,
    consentedAt: row.consented_at,
    requestedAt: row.requested_at,
    confirmedAt: row.confirmed_at,
    unsubscribedAt: row.unsubscribed_at,
  };
}
