import type { Kysely } from 'kysely';

/** Clinicians' accept/override feedback on CDS Hooks cards (one row a card outcome). No patient data. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cds_feedback')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('service_id', 'varchar(80)', (c) => c.notNull())
    .addColumn('card_uuid', 'varchar(64)', (c) => c.notNull())
    .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
    .addColumn('override_reason_code', 'varchar(80)')
    .addColumn('override_reason_system', 'text')
    .addColumn('override_comment', 'text')
    .addColumn('accepted_suggestions', 'text')
    .addColumn('outcome_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('received_at', 'varchar(40)', (c) => c.notNull())
    .addColumn('client_issuer', 'text')
    .execute();
  await db.schema.createIndex('cds_feedback_card').on('cds_feedback').column('card_uuid').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cds_feedback').execute();
}
