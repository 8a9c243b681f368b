import type { Kysely } from 'kysely';

/** Sign-ups for updates (issue 7): one row an address; see src/subscriptions/tables.ts. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'varchar(36)', (col) => col.primaryKey())
    .addColumn('email', 'varchar(254)', (col) => col.notNull().unique())
    .addColumn('topics', 'text', (col) => col.notNull())
    .addColumn('consent_version', 'varchar(64)', (col) => col.notNull())
    .addColumn('consent_text', 'text', (col) => col.notNull())
    .addColumn('consented_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('requested_at', 'varchar(32)', (col) => col.notNull())
    .addColumn('confirm_token_hash', 'varchar(64)', (col) => col.unique())
    .addColumn('confirm_expires_at', 'varchar(32)')
    .addColumn('confirmed_at', 'varchar(32)')
    .addColumn('unsubscribe_token_hash', 'varchar(64)', (col) => col.notNull().unique())
    .addColumn('unsubscribed_at', 'varchar(32)')
    .execute();
  // The purge scans unconfirmed rows by age.
  await db.schema.createIndex('subscriptions_pending_idx').on('subscriptions').columns(['confirmed_at', 'requested_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('subscriptions').execute();
}
