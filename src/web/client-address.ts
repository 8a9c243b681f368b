import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/**
 * The client's address, for rate limits and the block page. Behind a reverse proxy every request
 * comes from the proxy, so X-Forwarded-For is read, but only when the connecting peer is a proxy
 * listed in TRUST_PROXY; otherwise anyone could claim any address and escape their rate limit.
 * The client is the right-most forwarded address that is not itself a trusted proxy.
 */
export function resolveClientAddress(c: Context, trustedProxies: ReadonlySet<string>): string {
  let peer: string;
  try {
    peer = normalise(getConnInfo(c).remote.address ?? 'unknown');
  } catch {
    return 'unknown';
  }
  if (!trustedProxies.has(peer)) return peer;
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => normalise(part.trim()))
    .filter(Boolean);
  for (let i = forwarded.length - 1; i >= 0; i--) {
    const hop = forwarded[i]!;
    if (!trustedProxies.has(hop)) return /^[0-9a-fA-F:.]{2,45}$/.test(hop) ? hop : peer;
  }
  return peer;
}

/** "::ffff:127.0.0.1" (an IPv4 peer on a dual-stack socket) → "127.0.0.1". */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

export function parseTrustedProxies(setting: string): ReadonlySet<string> {
  return new Set(setting.split(',').map((s) => normalise(s.trim())).filter(Boolean));
}

/** The address the request context resolved for this request. */
export function clientAddress(c: Context): string {
  return (c.get('clientAddress') as string | undefined) ?? 'unknown';
}
