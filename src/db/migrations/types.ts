/** Kysely's own bookkeeping tables are not queried by the app; this keeps the schema type non-empty. */
export interface MigrationsTable {
  kysely_migration: { name: string; timestamp: string };
}
