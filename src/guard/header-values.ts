/**
 * How the guard reads header and cookie values whose grammar is not free text: client hints, the
 * headers that proxies and CDNs add, User-Agents, and opaque tokens (base64, quoted ids). Pure.
 */

/**
 * A field name that is a plain identifier ("id", "sort", "version") is harmless wherever it appears,
 * also where nothing reads it: links are shared with "?id=5" or "?source=twitter", and consent
 * cookies hold JSON with such keys. Not the names that reach an object's prototype.
 */
export function isHarmlessName(name: string): boolean {
  return /^[a-z_][\w-]{0,63}$/i.test(name) && !/^(?:__proto__|constructor|prototype)$/i.test(name);
}

/** Browser-written structured headers (client hints, prefetch and data-saver signals). */
const clientHintHeader = /^(?:sec-ch-[a-z-]+|sec-purpose|purpose|save-data|device-memory|viewport-width|width|dpr|rtt|downlink|ect)$/;
// One member of a structured field (RFC 8941) as browsers write client hints: a token, a short quoted
// name or version ("Google Chrome", "126.0.6478.126"), a boolean or a number, with parameters.
const sfItem = String.raw`(?:[\w.*/-]+|"[\w .()/-]*"|\?[01]|-?\d+(?:\.\d+)?)(?:\s*;\s*[a-z][\w.*-]*(?:=(?:[\w.*/-]+|"[\w .()/-]*"))?)*`;
const structuredField = new RegExp(`^\\s*${sfItem}(?:\\s*,\\s*${sfItem})*\\s*$`);

/**
 * A client hint in its grammar passes uninspected (the brand list's quotes and "v=" read as SQL to
 * the strict rules, "prefetch;prerender" as a shell separator); one outside it is judged strictly.
 */
export function isClientHint(name: string, value: string): boolean {
  return clientHintHeader.test(name) && structuredField.test(value);
}

/**
 * Headers that load balancers, CDNs, platforms and tracing add to every request ("X-Amzn-Trace-Id:
 * Root=1-…", "CF-Visitor: {"scheme":"https"}", "Forwarded: for=…;proto=https", "tracestate: a=b").
 * Nothing reads them, but judged strictly they read as code, and behind an AWS load balancer or
 * Cloudflare every request was refused. They are judged at the ordinary level instead.
 */
export const infrastructureHeader =
  /^(?:x-amzn-[a-z-]+|x-amz-cf-[a-z-]+|cloudfront-[a-z-]+|cf-[a-z-]+|cdn-loop|forwarded|via|x-forwarded-[a-z-]+|x-request-start|x-queue-start|x-cloud-trace-context|x-appengine-[a-z-]+|fastly-[a-z-]+|x-varnish|x-azure-[a-z-]+|x-arr-[a-z-]+|x-original-[a-z-]+|x-client-ip|x-cluster-client-ip|true-client-ip|x-correlation-id|traceparent|tracestate|baggage|newrelic|b3|x-b3-[a-z-]+|x-datadog-[a-z-]+|x-envoy-[a-z-]+|x-vercel-[a-z-]+|x-nf-[a-z-]+|x-cache|x-served-by|x-timer)$/;

/**
 * An opaque value without the wrapping of two common token formats, which the strict rules read as
 * code: base64 padding ("…MTIzfQ==", the "==" an SQL operator) and a quoted identifier
 * ("%22d1b2c3d4-…%22", Segment's anonymous id, the quote a string break). Cookies other sites set
 * on a parent domain, and ids that share links carry ("?igshid=MzRlODBiNWFlZA=="), look like this.
 */
export function opaqueToken(value: string): string {
  const quoted = /^(?:"|%22)([\w.:-]+)(?:"|%22)$/i.exec(value);
  if (quoted) return quoted[1]!;
  return /^[A-Za-z0-9+/_-]{8,}(?:=|%3D){1,2}$/i.test(value) ? value.replace(/(?:=|%3D)+$/i, '') : value;
}

/** The text a base64 token stands for, when it is printable text; otherwise undefined. */
export function base64Text(token: string): string | undefined {
  if (!/^[A-Za-z0-9+/_-]{12,}$/.test(token)) return undefined;
  const text = Buffer.from(token, 'base64').toString('utf8');
  return /^[\t\n\r\x20-\x7e\u00a0-\uffff]+$/.test(text) && !text.includes('\ufffd') ? text : undefined;
}

/**
 * A User-Agent as the ordinary rules should read it. Crawlers put the address of their info page in
 * it, and its path ("bot.php?+", "/faq/15/4118.html?faqId=") reads like code to the path rules while
 * nothing fetches it: only the host is kept. Inside a comment, semicolons separate tokens
 * ("(Windows NT 6.3; Trident/7.0; Touch; rv:11.0)", Internet Explorer on a touch screen), not
 * commands, so they are read as commas. The rest is inspected as any header is.
 */
export function userAgentForInspection(userAgent: string): string {
  return userAgent
    .replace(/\b(https?:\/\/[^\s/;()?#]+)[^\s;()]*/gi, '$1/')
    .replace(/\(([^()]*)\)/g, (_, comment: string) => `(${comment.replace(/;/g, ',')})`);
}

/**
 * The text outside parentheses, nested or left unclosed, each comment replaced by a space. One pass:
 * removing innermost comments until none was left took 81 ms for 8,000 nested ones.
 */
function outsideComments(text: string): string {
  let out = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') {
      if (depth++ === 0) out += ' ';
    } else if (ch === ')' && depth > 0) depth--;
    else if (depth === 0) out += ch;
  }
  return out;
}

/**
 * What a User-Agent says outside its comments, and without the contact details crawlers add there:
 * "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)" → "DuckDuckBot/1.1". Comments
 * nest ("(compatible; Exabot/3.0 (BiggerBetter); +http://…)") and are often left unclosed by bots;
 * a URL or an email address is how a crawler says who runs it; and a separator at either end
 * separates nothing. Judged strictly, these had blocked 1 in 10 of the crawlers' published user
 * agents, Bing's and DuckDuckGo's among them.
 */
export function userAgentProducts(userAgent: string): string {
  // The email pattern starts only where a name can start: from the middle of a long word it would
  // scan that word again at every letter (100 ms for 15 kB, a cost any client could send).
  return outsideComments(userAgent)
    .replace(/\+?\b(?:https?:\/\/|www\.)[^\s;()]+|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi, ' ')
    .replace(/^[\s;,|+-]+|[\s;,|+-]+$/g, '')
    // Between product tokens a semicolon is a list separator ("… Safari/537.36; Bytespider").
    .replace(/([\w.)\]]) *; *(?=[A-Za-z][\w.-]*(?:\/[\w.-]+)?:?(?:[ ;]|$))/g, '$1 ');
}

const USER_AGENT_MEMO_MAX = 1_000;
const USER_AGENT_MEMO_MAX_CHARS = 512;
const userAgentMemo = new Map<string, { forInspection: string; products: string }>();

/**
 * Both readings of a User-Agent, remembered: a server sees the same few hundred strings again and
 * again, and reading one costs about 2 µs (a browser's), against 0.1 µs to look it up. Bounded: when
 * full it starts afresh, so made-up strings cost what reading them costs, no more.
 */
export function userAgentReadings(userAgent: string): { forInspection: string; products: string } {
  // Only strings of a browser's length are kept, so made-up 16 kB ones cannot fill memory.
  if (userAgent.length > USER_AGENT_MEMO_MAX_CHARS) return { forInspection: userAgentForInspection(userAgent), products: userAgentProducts(userAgent) };
  let readings = userAgentMemo.get(userAgent);
  if (readings === undefined) {
    if (userAgentMemo.size >= USER_AGENT_MEMO_MAX) userAgentMemo.clear();
    readings = { forInspection: userAgentForInspection(userAgent), products: userAgentProducts(userAgent) };
    userAgentMemo.set(userAgent, readings);
  }
  return readings;
}

const MAX_COOKIE_PARTS = 100;

/**
 * The pieces of a cookie value that has a structure of its own, each to be judged alone: the strings
 * and keys of a JSON value (consent managers such as Civic, iubenda and Borlabs), the values of a
 * query string (OneTrust), the tokens of a pipe-separated list (Adobe's AMCV). Judged whole, their
 * quotes, "=" and "|" read as code. Anything else is one piece. A value that decodes to nothing
 * judgeable gives no pieces.
 */
export function cookieParts(value: string): string[] {
  let text: string;
  try {
    text = decodeURIComponent(value);
  } catch {
    return [value];
  }
  if (/^[[{]/.test(text)) {
    try {
      const parts: string[] = [];
      collectJsonStrings(JSON.parse(text) as unknown, parts, 0);
      return parts;
    } catch {
      // Not JSON: judged whole below.
    }
  }
  if (/^[\w.-]+=[^&]*(?:&[\w.-]+=[^&]*)+$/.test(text)) {
    return text
      .split('&')
      .slice(0, MAX_COOKIE_PARTS)
      .map((pair) => pair.slice(pair.indexOf('=') + 1).replace(/\+/g, ' '))
      .filter((part) => part !== '');
  }
  if (/^-?[\w.@-]*(?:\|[\w.@-]*)+$/.test(text)) return text.split('|').slice(0, MAX_COOKIE_PARTS).filter((part) => part !== '');
  return [value];
}

function collectJsonStrings(node: unknown, out: string[], depth: number): void {
  if (depth > 16 || out.length >= MAX_COOKIE_PARTS) return;
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const item of node) collectJsonStrings(item, out, depth + 1);
  else if (node !== null && typeof node === 'object') {
    for (const [key, item] of Object.entries(node)) {
      // A key that is a plain identifier ("id", "version") is a name, as in a query string; the ones
      // that reach an object's prototype are judged.
      if (!isHarmlessName(key)) out.push(key);
      collectJsonStrings(item, out, depth + 1);
    }
  }
}
