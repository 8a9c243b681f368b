/**
 * The tables of the database, one interface a feature, gathered here for Kysely's typed queries.
 * Each feature declares its own table types beside its code and adds them to this one type.
 */
import type { MigrationsTable } from './migrations/types.ts';
import type { InteractionsTables } from '../interactions/cds/tables.ts';
import type { SubscriptionsTables } from '../subscriptions/tables.ts';
import type { TreatmentTables } from '../treatment/tables.ts';

export interface DatabaseSchema extends MigrationsTable, InteractionsTables, SubscriptionsTables, TreatmentTables {}
