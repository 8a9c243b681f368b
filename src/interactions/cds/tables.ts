/** The cds_feedback table (migration 0002): one row per card outcome a CDS client reports. */
export interface CdsFeedbackTable {
  id: string;
  service_id: string;
  card_uuid: string;
  outcome: 'accepted' | 'overridden';
  override_reason_code: string | null;
  override_reason_system: string | null;
  override_comment: string | null;
  /** JSON array of suggestion uuids. */
  accepted_suggestions: string | null;
  outcome_at: string;
  received_at: string;
  /** The verified JWT issuer, or null when authentication is off. */
  client_issuer: string | null;
}

/** The cds_jti table (migration 0004): a used token id, kept until its token expires. */
export interface CdsJtiTable {
  /** sha256 hex of issuer and jti: fixed length, and PostgreSQL text cannot hold the separator a raw key would need. */
  jti_key: string;
  expires_at_sec: number;
}

export interface InteractionsTables {
  cds_feedback: CdsFeedbackTable;
  cds_jti: CdsJtiTable;
}
