import type { Kysely } from 'kysely';

/**
 * CDS Hooks token ids already used, shared by every server on the database so a token replayed to
 * another server behind the load balancer is still refused. The primary key makes the insert itself
 * the check; rows are only needed until their token expires.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('cds_jti')
    .addColumn('jti_key', 'varchar(64)', (c) => c.primaryKey())
    .addColumn('expires_at_sec', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('cds_jti_expires').on('cds_jti').column('expires_at_sec').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cds_jti').execute();
}
