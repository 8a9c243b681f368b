/** The treatment feature's tables, as Kysely sees them (src/db/migrations/0001_facilities.ts creates them). */
export interface FacilitiesTable {
  id: string;
  source_id: string | null;
  name: string;
  street: string;
  city: string;
  state: string;
  zip: string;
  phone: string | null;
  website: string | null;
  lat: number;
  lon: number;
  location_from_zip: number;
  /** JSON of Services: { care: [], setting: [], … }. */
  services: string;
  /** Where the row came from (format and file name). */
  source: string;
  /** Hash of the stored fields: a re-import compares it to tell "unchanged" from "updated". */
  content_hash: string;
  /** When an import last wrote this row (ISO 8601). */
  imported_at: string;
  last_verified: string | null;
}

export interface FacilityImportsTable {
  id: string;
  source: string;
  format: string;
  finished_at: string;
  inserted: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

export interface TreatmentTables {
  facilities: FacilitiesTable;
  facility_imports: FacilityImportsTable;
}
