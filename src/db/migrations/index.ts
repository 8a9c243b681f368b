import type { Migration } from 'kysely';
import * as facilities0001 from './0001_facilities.ts';
import * as cdsFeedback0002 from './0002_cds_feedback.ts';
import * as subscriptions0003 from './0003_subscriptions.ts';
import * as cdsJti0004 from './0004_cds_jti.ts';

/**
 * Every migration, in order. Names are sortable and never change once released; each migration
 * works on both SQLite and PostgreSQL (use Kysely's schema builder, not raw SQL).
 * Add a feature's migration as its own file and list it here.
 */
export const migrations: Record<string, Migration> = {
  '0001_facilities': facilities0001,
  '0002_cds_feedback': cdsFeedback0002,
  '0003_subscriptions': subscriptions0003,
  '0004_cds_jti': cdsJti0004,
};
