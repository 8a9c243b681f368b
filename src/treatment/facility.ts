import { createHash } from 'node:crypto';
import type { Services } from './service-codes.ts';
import { zipCentroid } from './zip-centroids.ts';

/** One facility as an importer reads it, before validation. Every field may be missing or malformed. */
export interface RawFacility {
  sourceId?: string | null;
  name?: string | null;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  zip?: string | null;
  phone?: string | null;
  website?: string | null;
  lat?: string | number | null;
  lon?: string | number | null;
  services: Services;
  lastVerified?: string | null;
}

export interface Address {
  street: string;
  city: string;
  state: string;
  zip: string;
}

/** A valid facility, ready to store. `id` is stable across imports (see facilityId). */
export interface Facility {
  id: string;
  sourceId: string | null;
  name: string;
  address: Address;
  phone: string | null;
  website: string | null;
  location: { lat: number; lon: number };
  /** True when the location is the ZIP's centroid because the source gave no coordinates. */
  locationFromZip: boolean;
  services: Services;
  lastVerified: string | null;
}

export type Validation = { ok: true; facility: Facility } | { ok: false; reason: string };

/** "2134" (a ZIP that lost its leading zero in a spreadsheet) → "02134"; "22902-1234" → "22902". */
export function normaliseZip(zip: string | null | undefined): string {
  const digits = (zip ?? '').trim().match(/^(\d{3,5})(?:-\d{4})?$/)?.[1];
  return digits ? digits.padStart(5, '0') : (zip ?? '').trim();
}


/**
 * US phone numbers as the directory writes them: 10 digits (optionally a leading 1) and an optional
 * extension. Returns "434-979-8871" / "415-621-4388 x210", or undefined when it is not a phone number.
 */
export function normalisePhone(phone: string): string | undefined {
  const match = phone.trim().match(/^(.*?)(?:\s*(?:x|ext\.?|extension)\s*(\d{1,6}))?$/i);
  const digits = (match?.[1] ?? '').replace(/[\s().+\-]/g, '');
  if (!/^1?\d{10}$/.test(digits)) return undefined;
  const ten = digits.slice(-10);
  const formatted = `${ten.slice(0, 3)}-${ten.slice(3, 6)}-${ten.slice(6)}`;
  return match?.[2] ? `${formatted} x${match[2]}` : formatted;
}

function coordinate(value: string | number | null | undefined, limit: number): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  return Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

const clean = (value: string | null | undefined) => (value ?? '').trim().replace(/\s+/g, ' ');

/**
 * The stable key of a facility: its source id when the source has one, otherwise a hash of its name
 * and address (its coordinates when there is no street), so re-importing the same file finds the same rows.
 */
export function facilityId(sourceId: string | null, name: string, address: Address, location: { lat: number; lon: number }): string {
  // Without a street, two sites of one organisation in one ZIP differ only by where they are.
  const where = address.street ? address.street : `@${location.lat.toFixed(4)},${location.lon.toFixed(4)}`;
  const key = sourceId
    ? `id:${sourceId}`
    : `na:${[name, where, address.city, address.state, address.zip].map((s) => s.toLowerCase()).join('|')}`;
  return createHash('sha256').update(key).digest('hex').slice(0, 20);
}

/** Validates one imported row; the reason names what is wrong so the importer can report it. */
export function validateFacility(raw: RawFacility): Validation {
  const name = clean(raw.name);
  if (!name) return { ok: false, reason: 'no facility name' };
  const address: Address = { street: clean(raw.street), city: clean(raw.city), state: clean(raw.state).toUpperCase(), zip: normaliseZip(raw.zip) };
  let phone: string | null = null;
  if (clean(raw.phone)) {
    const normalised = normalisePhone(clean(raw.phone));
    if (!normalised) return { ok: false, reason: `malformed phone number "${clean(raw.phone).slice(0, 40)}" (expected a 10-digit US number)` };
    phone = normalised;
  }
  const lat = coordinate(raw.lat, 90);
  const lon = coordinate(raw.lon, 180);
  let location: { lat: number; lon: number } | undefined;
  let locationFromZip = false;
  // 0,0 is the usual placeholder for "not geocoded"; no US facility is there.
  if (lat !== undefined && lon !== undefined && !(lat === 0 && lon === 0)) location = { lat, lon };
  else {
    location = zipCentroid(address.zip);
    locationFromZip = location !== undefined;
  }
  if (!location) {
    return {
      ok: false,
      reason: address.zip ? `no location: no latitude/longitude and ZIP "${address.zip.slice(0, 12)}" is not a known US ZIP` : 'no location: no latitude/longitude and no ZIP code',
    };
  }
  const website = clean(raw.website) || null;
  const sourceId = clean(raw.sourceId) || null;
  const lastVerified = clean(raw.lastVerified) || null;
  return {
    ok: true,
    facility: { id: facilityId(sourceId, name, address, location), sourceId, name, address, phone, website, location, locationFromZip, services: raw.services, lastVerified },
  };
}
