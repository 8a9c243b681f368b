import type { Kysely } from 'kysely';

/** Treatment facilities and the log of imports (its row count is the version servers compare). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('facilities')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('source_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('street', 'text', (c) => c.notNull())
    .addColumn('city', 'text', (c) => c.notNull())
    .addColumn('state', 'varchar(8)', (c) => c.notNull())
    .addColumn('zip', 'varchar(16)', (c) => c.notNull())
    .addColumn('phone', 'text')
    .addColumn('website', 'text')
    .addColumn('lat', 'double precision', (c) => c.notNull())
    .addColumn('lon', 'double precision', (c) => c.notNull())
    .addColumn('location_from_zip', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('services', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('content_hash', 'varchar(64)', (c) => c.notNull())
    .addColumn('imported_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('last_verified', 'varchar(32)')
    .execute();
  await db.schema
    .createTable('facility_imports')
    .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('format', 'varchar(32)', (c) => c.notNull())
    .addColumn('finished_at', 'varchar(32)', (c) => c.notNull())
    .addColumn('inserted', 'integer', (c) => c.notNull())
    .addColumn('updated', 'integer', (c) => c.notNull())
    .addColumn('unchanged', 'integer', (c) => c.notNull())
    .addColumn('rejected', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('facility_imports').execute();
  await db.schema.dropTable('facilities').execute();
}
