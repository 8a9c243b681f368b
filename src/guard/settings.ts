import type { Category } from './findings.ts';

export type GuardMode = 'block' | 'monitor' | 'off';

/** One route exception: requests under `pathPrefix` do not score these categories (or skip the guard). */
export interface RouteException {
  pathPrefix: string;
  ignore: ReadonlySet<Category>;
  skipAll: boolean;
}

const categories: readonly Category[] = ['sqli', 'xss', 'lfi', 'rfi', 'rce', 'template', 'protocol', 'malformed', 'scanner'];

/**
 * Parses GUARD_EXCEPTIONS: "/cds-services=rfi,xss;/api/v1/admin/import=all". An unknown category is
 * a configuration error, not silently ignored: a typo would otherwise turn protection off.
 */
export function parseExceptions(text: string): RouteException[] {
  const out: RouteException[] = [];
  for (const entry of text.split(';').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq <= 0 || !entry.startsWith('/')) throw new Error(`GUARD_EXCEPTIONS: "${entry}" must look like /path-prefix=category,category`);
    const pathPrefix = entry.slice(0, eq).trim().replace(/\/\*?$/, '');
    const names = entry.slice(eq + 1).split(',').map((n) => n.trim()).filter(Boolean);
    const skipAll = names.includes('all');
    for (const name of names) {
      if (name !== 'all' && !categories.includes(name as Category)) {
        throw new Error(`GUARD_EXCEPTIONS: unknown category "${name}" (known: all, ${categories.join(', ')})`);
      }
    }
    out.push({ pathPrefix, skipAll, ignore: new Set(names.filter((n) => n !== 'all') as Category[]) });
  }
  return out;
}

/** The longest matching prefix wins, so a narrow exception can refine a broad one. */
export function exceptionFor(path: string, exceptions: readonly RouteException[]): RouteException | undefined {
  let best: RouteException | undefined;
  for (const exception of exceptions) {
    const p = exception.pathPrefix;
    if ((path === p || path.startsWith(`${p}/`) || p === '') && (!best || p.length > best.pathPrefix.length)) best = exception;
  }
  return best;
}

/** Request limits. Bodies are small JSON or forms everywhere except the authenticated import. */
export interface RequestLimits {
  defaultBodyBytes: number;
  bodyBytesByPrefix: readonly { pathPrefix: string; bytes: number }[];
  maxParameters: number;
  maxJsonDepth: number;
  maxHeaderBytes: number;
  /** Longest value a single query parameter may carry. */
  maxQueryValueChars: number;
}

export const defaultLimits: RequestLimits = {
  defaultBodyBytes: 64 * 1024,
  bodyBytesByPrefix: [
    { pathPrefix: '/cds-services', bytes: 1024 * 1024 },
    { pathPrefix: '/api/v1/admin/import', bytes: 50 * 1024 * 1024 },
  ],
  maxParameters: 200,
  maxJsonDepth: 32,
  maxHeaderBytes: 16 * 1024,
  maxQueryValueChars: 4096,
};

export function bodyLimitFor(path: string, limits: RequestLimits): number {
  let best: { pathPrefix: string; bytes: number } | undefined;
  for (const entry of limits.bodyBytesByPrefix) {
    if ((path === entry.pathPrefix || path.startsWith(`${entry.pathPrefix}/`)) && (!best || entry.pathPrefix.length > best.pathPrefix.length)) best = entry;
  }
  return best?.bytes ?? limits.defaultBodyBytes;
}
