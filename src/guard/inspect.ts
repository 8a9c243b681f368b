import { base64Text, cookieParts, infrastructureHeader, isClientHint, isHarmlessName, opaqueToken, userAgentReadings } from './header-values.ts';
import { decodeValue, encodingProblems, percentDecode } from './decode.ts';
import { detectCommandInjection } from './detectors/command.ts';
import { detectParanoid } from './detectors/paranoid.ts';
import { detectTemplateAndCode } from './detectors/languages.ts';
import { detectProbedPath, detectScanner } from './detectors/scanner.ts';
import { detectSqlInjection } from './detectors/sqli.ts';
import { detectTraversal } from './detectors/traversal.ts';
import { detectCrossSiteScripting } from './detectors/xss.ts';
import { severity, type Category, type Finding, type Location } from './findings.ts';
import type { BodyExpectation, RouteExpectation } from './known-inputs.ts';

/** What the guard sees of a request: plain values, so inspection is pure and testable without HTTP. */
export interface RequestSnapshot {
  method: string;
  /** The raw (still percent-encoded) path. */
  path: string;
  /** The raw query string, without the "?". */
  query: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body?: RequestBody;
}

export interface RequestBody {
  contentType: string;
  text: string;
  /** The text already parsed as JSON by the caller (so a JSON body is parsed once per request). */
  json?: { value: unknown };
}

export interface Verdict {
  score: number;
  findings: Finding[];
  /** The attack families that contributed, for the log and metrics. */
  categories: Category[];
}

export interface InspectOptions {
  /** Categories this route does not score (per-route exceptions). */
  ignore?: ReadonlySet<Category>;
  /** Skip the body entirely (e.g. an authenticated bulk import). */
  skipBody?: boolean;
  /**
   * What the matched route reads (known-inputs.ts). Inputs it does not read are judged strictly; the
   * route's own fields leniently. Without it every input is judged leniently.
   */
  expect?: RouteExpectation;
  /** The route's expectation for a same-site Referer's path, to judge the query it carries. */
  expectFor?: (method: string, path: string) => RouteExpectation;
}

const allowedMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
// Headers with a fixed grammar that the platform parses itself; free text elsewhere is inspected.
const structuralHeaders = new Set([
  'accept', 'accept-encoding', 'accept-language', 'accept-charset', 'authorization', 'cache-control', 'connection',
  'content-length', 'content-type', 'host', 'if-match', 'if-none-match', 'if-modified-since', 'if-unmodified-since',
  'keep-alive', 'pragma', 'proxy-connection', 'te', 'upgrade-insecure-requests', 'x-request-id', 'x-forwarded-for',
  'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip', 'dnt', 'priority', 'range', 'if-range', 'transfer-encoding',
  'content-encoding', 'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site', 'sec-fetch-user', 'sec-ch-ua',
  'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'sec-gpc', 'origin', 'expect', 'cookie', 'user-agent', 'referer',
]);

interface Value {
  location: Location;
  raw: string;
  /** Form and query values encode spaces as "+". */
  form?: boolean;
  /** Nothing reads this input: judge it at the stricter paranoia level. */
  strict?: boolean;
}

/** Scores one request. Pure: the same snapshot always gives the same verdict. */
export function inspectRequest(request: RequestSnapshot, options: InspectOptions = {}): Verdict {
  const requestFindings: Finding[] = [];
  checkProtocol(request, requestFindings);
  const host = request.headers.host?.replace(/:\d+$/, '');

  const expect = options.expect;
  const values: Value[] = [{ location: 'path', raw: request.path, strict: expect ? !expect.known : false }];
  collectQueryValues(request.query, expect, values, 'query');
  collectHeaderValues(request.headers, values, { expectFor: expect ? options.expectFor : undefined, host });
  if (request.body && !options.skipBody) collectBodyValues(request.body, values, requestFindings, expect);

  let worstValue: readonly Finding[] = [];
  let worstScore = 0;
  const uaLower = (request.headers['user-agent'] ?? '').toLowerCase();
  detectScanner(uaLower, requestFindings);

  for (const value of values) {
    const findings = valueFindings(value, host);
    const score = sumUnique(findings, options.ignore);
    if (score > worstScore) {
      worstScore = score;
      worstValue = findings;
    }
  }
  const all = [...requestFindings, ...worstValue].filter((f) => f.score > 0 && !options.ignore?.has(f.category));
  const unique = dedupe(all);
  const score = unique.reduce((sum, f) => sum + f.score, 0);
  return { score, findings: unique, categories: [...new Set(unique.map((f) => f.category))] };
}

/**
 * Each value runs some hundred patterns, but most values repeat from request to request: member
 * names and codes of FHIR resources ("resourceType", "MedicationRequest", "Patient/p1"), drug names,
 * form fields. Verdicts of short values are remembered (the detectors are pure, so a remembered
 * verdict is exactly what inspection would give). The memo is bounded: when full it starts afresh,
 * so a flood of distinct values costs what inspection without a memo costs, and nothing more.
 */
const MEMO_MAX_ENTRIES = 20_000;
const MEMO_MAX_VALUE_CHARS = 256;
/** By host (it decides what counts as a remote include), then by how a value is judged, then by its text. */
const memo = new Map<string, Map<string, readonly Finding[]>[]>();
let memoEntries = 0;
const locationIndex: Record<Location, number> = { path: 0, query: 1, 'query-name': 2, body: 3, 'body-name': 4, header: 5, cookie: 6, 'cookie-name': 7 };
const judgingIndex = (value: Value) => locationIndex[value.location] * 4 + (value.form ? 2 : 0) + (value.strict ? 1 : 0);

function valueFindings(value: Value, host: string | undefined): readonly Finding[] {
  if (value.raw.length > MEMO_MAX_VALUE_CHARS) return judge(value, host);
  const judging = judgingIndex(value);
  const remembered = memo.get(host ?? '')?.[judging]?.get(value.raw);
  if (remembered !== undefined) return remembered;
  const findings = Object.freeze(judge(value, host).map((f) => Object.freeze(f)));
  if (memoEntries >= MEMO_MAX_ENTRIES) inspectionMemo.clear();
  let forHost = memo.get(host ?? '');
  if (forHost === undefined) memo.set(host ?? '', (forHost = []));
  (forHost[judging] ??= new Map()).set(value.raw, findings);
  memoEntries++;
  return findings;
}

/** Tests only: forget every remembered verdict, and how many there are. */
export const inspectionMemo = {
  clear: (): void => {
    memo.clear();
    memoEntries = 0;
  },
  get size(): number {
    return memoEntries;
  },
  maxEntries: MEMO_MAX_ENTRIES,
};

function judge(value: Value, host: string | undefined): Finding[] {
  if (isPlainName(value)) return [];
  return value.strict ? strictly(inspectValue(value, host), value) : inspectValue(value, host);
}

/** A field name that is a plain identifier needs no rule (see isHarmlessName). */
function isPlainName(value: Value): boolean {
  return value.location.endsWith('-name') && isHarmlessName(value.raw);
}

/** Where nothing listens, any signal counts in full, and the paranoid rules apply. */
function strictly(findings: Finding[], value: Value): Finding[] {
  const out = findings.map((f): Finding => (f.score > 0 ? { rule: f.rule, category: f.category, score: Math.max(f.score, severity.critical) } : f));
  const decoded = decodeValue(value.form ? percentDecode(value.raw, true) : value.raw).toLowerCase();
  detectParanoid(value.location === 'path' ? decoded.replace(/\//g, ' ') : decoded, out, { path: value.location === 'path' });
  return out;
}

/** Query keys the route does not read, and their values, are strict. */
function collectQueryValues(query: string, expect: RouteExpectation | undefined, values: Value[], location: 'query' | 'body'): void {
  for (const [name, value] of splitPairs(query, '&')) {
    const strict = expect ? !expect.known || (expect[location === 'query' ? 'query' : 'body'] !== 'any' && !expectsField(expect, location, percentDecode(name, true))) : false;
    values.push({ location: location === 'query' ? 'query-name' : 'body-name', raw: name, form: true, strict });
    if (value) values.push({ location, raw: strict ? opaqueToken(value) : value, form: true, strict });
  }
}

function expectsField(expect: RouteExpectation, location: 'query' | 'body', name: string): boolean {
  if (location === 'query') return expect.query === 'any' || expect.query.has(name.replace(/\[\]$/, ''));
  return expect.body === 'any' || expect.body.members.has(name.replace(/\[\]$/, ''));
}

function inspectValue(value: Value, host: string | undefined): Finding[] {
  const out: Finding[] = [];
  const raw = value.raw;
  if (raw.length === 0) return out;
  const problems = encodingProblems(raw);
  if (problems.nulByte) out.push({ rule: 'malformed-nul-byte', category: 'malformed', score: severity.critical });
  if (problems.overlongUtf8) out.push({ rule: 'malformed-overlong-utf8', category: 'malformed', score: severity.critical });
  else if (problems.invalidUtf8) out.push({ rule: 'malformed-invalid-utf8', category: 'malformed', score: severity.warning });

  const decoded = decodeValue(value.form ? percentDecode(raw, true) : raw);
  const lower = decoded.toLowerCase();
  if (value.location === 'path') {
    detectProbedPath(lower, out);
    detectTraversal(lower, out, {});
    detectCrossSiteScripting(lower, out);
    detectSqlInjection(lower.replace(/\//g, ' '), out);
    detectTemplateAndCode(lower, out);
    return out;
  }
  if (/[\r\n]/.test(decoded) && /[\r\n]+\s*(?:set-cookie|location|content-(?:type|length)|refresh|x-[\w-]+|http\/\d(?:\.\d)?|<html)\s*[:\s]/i.test(decoded)) {
    out.push({ rule: 'protocol-response-splitting', category: 'protocol', score: severity.critical });
  }
  detectSqlInjection(lower, out);
  detectCrossSiteScripting(lower, out);
  detectTraversal(lower, out, { host });
  detectCommandInjection(lower, out);
  detectTemplateAndCode(lower, out);
  return out;
}

function checkProtocol(request: RequestSnapshot, out: Finding[]): void {
  const { headers } = request;
  if (!allowedMethods.has(request.method)) out.push({ rule: 'protocol-method-not-allowed', category: 'protocol', score: severity.critical });
  const contentLength = headers['content-length'];
  if (contentLength !== undefined && !/^\d{1,12}$/.test(contentLength.trim())) {
    out.push({ rule: 'protocol-conflicting-content-length', category: 'protocol', score: severity.critical });
  }
  const transferEncoding = headers['transfer-encoding'];
  if (transferEncoding !== undefined) {
    if (contentLength !== undefined) out.push({ rule: 'protocol-smuggling-cl-te', category: 'protocol', score: severity.critical });
    if (transferEncoding.trim().toLowerCase() !== 'chunked') out.push({ rule: 'protocol-bad-transfer-encoding', category: 'protocol', score: severity.critical });
  }
  for (const [name, value] of Object.entries(headers)) {
    if (/[\r\n\u0000]/.test(value)) out.push({ rule: 'protocol-header-control-characters', category: 'protocol', score: severity.critical });
    if (!/^[!#$%&'*+.^_`|~0-9a-z-]+$/.test(name)) out.push({ rule: 'protocol-invalid-header-name', category: 'protocol', score: severity.critical });
  }
  const range = headers.range ?? headers['request-range'];
  if (range && (range.split(',').length > 5 || !/^\s*bytes\s*=\s*[\d\s,-]+$/i.test(range) || /(^|[=,\s])(\d+)-(\d+)/.test(range) && badRange(range))) {
    out.push({ rule: 'protocol-range-abuse', category: 'protocol', score: severity.critical });
  }
  if (request.body && request.body.text.length > 0 && (request.method === 'GET' || request.method === 'HEAD')) {
    out.push({ rule: 'protocol-body-on-get', category: 'protocol', score: severity.warning });
  }
  const encoding = headers['content-encoding'];
  if (encoding && request.body?.text && !/^(identity)$/i.test(encoding.trim())) {
    out.push({ rule: 'protocol-unsupported-content-encoding', category: 'protocol', score: severity.warning });
  }
  const accept = headers.accept;
  if (accept !== undefined && accept.trim() === '') out.push({ rule: 'protocol-empty-accept', category: 'protocol', score: severity.notice });
  if (headers.host === undefined || headers.host === '') out.push({ rule: 'protocol-missing-host', category: 'protocol', score: severity.warning });
}

function badRange(range: string): boolean {
  for (const match of range.matchAll(/(\d+)-(\d+)/g)) if (Number(match[2]) < Number(match[1])) return true;
  return false;
}

interface HeaderContext {
  /** Present when the positive model is on: headers and cookies nothing reads become strict. */
  expectFor: ((method: string, path: string) => RouteExpectation) | undefined;
  host: string | undefined;
}

function collectHeaderValues(headers: Record<string, string>, values: Value[], context: HeaderContext): void {
  const strictModel = context.expectFor !== undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'cookie') {
      // The app sets no cookies: whatever arrives is read by nobody.
      for (const [cookieName, cookieValue] of splitPairs(value, ';')) {
        values.push({ location: 'cookie-name', raw: cookieName.trim(), strict: strictModel });
        if (cookieValue) {
          const token = opaqueToken(cookieValue.trim());
          for (const part of cookieParts(token)) values.push({ location: 'cookie', raw: part, strict: strictModel });
          // A base64 value is also read decoded, by the ordinary rules: code hidden that way is still code,
          // while the JSON most such cookies carry ("{"id":…}") is not refused for its quotes.
          const decoded = base64Text(token);
          if (decoded !== undefined) values.push({ location: 'cookie', raw: decoded });
        }
      }
    } else if (name === 'referer') {
      collectReferer(value, values, context);
    } else if (name === 'user-agent') {
      const { forInspection, products } = userAgentReadings(value);
      values.push({ location: 'header', raw: forInspection });
      // Browsers and bots write "product/version (comment)"; outside the comments a command line has no place.
      // A lone token ("node", "curl/8.5") is a client name, not a command line.
      if (strictModel && /[\s;|&`$<>'"]/.test(products)) values.push({ location: 'header', raw: products, strict: true });
    } else if (!structuralHeaders.has(name) && !isClientHint(name, value)) {
      values.push({ location: 'header', raw: value, strict: strictModel && !infrastructureHeader.test(name) });
    }
  }
}

/** Our own pages send their URL (with the patient's query) as Referer; a Referer that is no URL at all is strict. */
function collectReferer(value: string, values: Value[], context: HeaderContext): void {
  const url = /^([a-z][a-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?/i.exec(value.trim());
  if (!url) {
    values.push({ location: 'header', raw: value, strict: context.expectFor !== undefined });
    return;
  }
  values.push({ location: 'header', raw: url[3] ?? '' });
  const query = url[4] ?? '';
  const sameSite = context.host !== undefined && url[2]!.toLowerCase().replace(/:\d+$/, '') === context.host.toLowerCase();
  const expect = sameSite && context.expectFor ? context.expectFor('GET', percentDecode(url[3] || '/')) : undefined;
  const before = values.length;
  collectQueryValues(query, expect, values, 'query');
  for (let i = before; i < values.length; i++) values[i] = { location: 'header', raw: values[i]!.raw, form: values[i]!.form, strict: values[i]!.strict };
}

function collectBodyValues(body: RequestBody, values: Value[], out: Finding[], expect: RouteExpectation | undefined): void {
  const type = body.contentType.toLowerCase();
  if (body.text.length === 0) return;
  // A body the route does not read at all (unknown route) is strict throughout.
  const strict = expect ? !expect.known : false;
  const before = values.length;
  collectBodyParts(type, body, values, out, expect);
  if (strict) for (let i = before; i < values.length; i++) values[i] = { location: values[i]!.location, raw: values[i]!.raw, form: values[i]!.form, strict: true };
}

function collectBodyParts(type: string, body: RequestBody, values: Value[], out: Finding[], expect: RouteExpectation | undefined): void {
  const { text } = body;
  if (type.includes('json')) {
    try {
      const members = expect && expect.body !== 'any' ? expect.body : undefined;
      walkJson(body.json ? body.json.value : JSON.parse(text), values, 0, members, false, undefined);
      return;
    } catch {
      out.push({ rule: 'malformed-json-body', category: 'malformed', score: severity.notice });
    }
  } else if (type.includes('multipart/form-data') || (type === '' && /^--[\w-]+\r?\n/.test(text))) {
    collectMultipart(text, type || `boundary=${text.slice(2, text.search(/\r?\n/))}`, values);
    return;
  } else if (type.includes('xml')) {
    if (/<!entity[^>]*\bsystem\b|<!doctype[^>]*\[/i.test(text)) out.push({ rule: 'xxe-external-entity', category: 'lfi', score: severity.critical });
    for (const match of text.matchAll(/=\s*"([^"]*)"|=\s*'([^']*)'|>([^<]+)</g)) {
      const v = match[1] ?? match[2] ?? match[3];
      if (v?.trim()) values.push({ location: 'body', raw: entityDecodeXml(v) });
    }
    return;
  } else if (type === '' || type.includes('x-www-form-urlencoded')) {
    if (/^[^=&\s]*=/.test(text) || type.includes('x-www-form-urlencoded')) {
      collectQueryValues(text, expect, values, 'body');
      return;
    }
  }
  values.push({ location: 'body', raw: text });
}

function entityDecodeXml(text: string): string {
  return text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * Members the operation's schema names (or that sit under an object accepting any key) are lenient;
 * an unknown member and everything under it is strict (zod strips it anyway: nobody reads it).
 */
function walkJson(node: unknown, values: Value[], depth: number, members: BodyExpectation | undefined, strict: boolean, parent: string | undefined): void {
  if (depth > 64) return;
  if (typeof node === 'string') values.push({ location: 'body', raw: node, strict });
  else if (Array.isArray(node)) for (const item of node) walkJson(item, values, depth + 1, members, strict, parent);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const unread = strict || (members !== undefined && !members.members.has(key) && !(parent !== undefined && members.openMembers.has(parent)));
      values.push({ location: 'body-name', raw: key, strict: unread });
      walkJson(value, values, depth + 1, members, unread, key);
    }
  }
}

function collectMultipart(text: string, type: string, values: Value[]): void {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/.exec(type);
  const marker = boundary ? `--${boundary[1] ?? boundary[2]}` : undefined;
  const parts = marker ? text.split(marker) : [text];
  for (const part of parts) {
    const split = part.indexOf('\r\n\r\n') >= 0 ? part.indexOf('\r\n\r\n') : part.indexOf('\n\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    for (const match of head.matchAll(/\b(?:file)?name\*?="([^"]*)"/gi)) values.push({ location: 'body-name', raw: match[1]! });
    values.push({ location: 'body', raw: part.slice(split).replace(/\r?\n--\s*$/, '').trim() });
  }
}

/** "a=1&b=2" → [["a","1"],["b","2"]], without decoding (decoding happens per value). */
export function splitPairs(text: string, separator: string): [string, string][] {
  if (!text) return [];
  const pairs: [string, string][] = [];
  for (const piece of text.split(separator)) {
    if (piece === '') continue;
    const eq = piece.indexOf('=');
    pairs.push(eq < 0 ? [piece, ''] : [piece.slice(0, eq), piece.slice(eq + 1)]);
  }
  return pairs;
}

function sumUnique(findings: readonly Finding[], ignore?: ReadonlySet<Category>): number {
  if (findings.length === 0) return 0;
  return dedupe(findings.filter((f) => !ignore?.has(f.category))).reduce((sum, f) => sum + f.score, 0);
}

/** A rule counts once per request, with its highest score (it may fire on several decodings). */
function dedupe(findings: readonly Finding[]): Finding[] {
  const byRule = new Map<string, Finding>();
  for (const finding of findings) {
    const base = finding.rule.replace(/-evasion$/, '');
    const seen = byRule.get(base);
    if (!seen || seen.score < finding.score) byRule.set(base, finding);
  }
  return [...byRule.values()];
}
