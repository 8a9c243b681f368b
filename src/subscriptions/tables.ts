/**
 * The subscriptions table. Times are ISO 8601 UTC strings so both backends store and compare them
 * the same way. Only hashes of the confirmation and unsubscribe tokens are stored: a leaked
 * database cannot be used to confirm or unsubscribe anyone.
 */
export interface SubscriptionRow {
  id: string;
  /** Normalised (trimmed, lower-case). */
  email: string;
  /** JSON array of topic ids. */
  topics: string;
  consent_version: string;
  /** The exact words the person agreed to, as shown to them. */
  consent_text: string;
  consented_at: string;
  /** The latest sign-up request: unconfirmed rows older than the retention period are purged. */
  requested_at: string;
  confirm_token_hash: string | null;
  confirm_expires_at: string | null;
  confirmed_at: string | null;
  unsubscribe_token_hash: string;
  unsubscribed_at: string | null;
}

export interface SubscriptionsTables {
  subscriptions: SubscriptionRow;
}
