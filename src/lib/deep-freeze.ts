/**
 * Freezes an object and everything in it. Content is fixed while the server runs, so parts built from
 * it once (a plan's withdrawal signs, a finding's CDS card) are frozen and shared by every answer;
 * src/web/frozen-json.ts then writes the JSON of a frozen part only once.
 */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}
