import { severity, type Finding } from '../findings.ts';
import { applyRules, words, type PatternRule } from './rule.ts';

/**
 * SQL injection by structure. Plain English shares SQL's words ("select a drug", "order by distance",
 * "1=1 isn't a dose"), so a word alone is never enough: points come from a quote that closes a
 * string and is followed by SQL, statements with their grammar (UNION SELECT, INSERT INTO … VALUES),
 * tautologies after a boolean operator, SQL-only functions called with a parenthesis, and schema names.
 */

const quote = `['"\`\u2018\u2019\u00b4]`;
const logic = `(?:or|and|xor|not|div|mod|\\|\\||&&)`;
const comparison = `(?:<=>|<>|!=|>=|<=|=|<|>|\\blike\\b|\\brlike\\b|\\bregexp\\b|\\bsounds\\s+like\\b|\\bis\\s+(?:not\\s+)?null\\b|\\bbetween\\b|\\bin\\s*\\()`;
const statementWords = words(
  'union select insert update delete drop exec execute waitfor having group order into from collate procedure limit declare truncate alter create shutdown offset returning where',
);

// SQL-only functions: nobody writes "benchmark(" or "extractvalue(" in a health question.
const sqlOnlyFunctions = words(`
  sleep pg_sleep benchmark load_file extractvalue updatexml xmltype group_concat concat_ws unhex hex
  sysdate strcmp sqlite_compileoption_get sqlite_version randomblob make_set elt ord mid substr substring
  ascii char chr nchar concat md5 sha1 sha2 utl_inaddr utl_http dbms_pipe dbms_lock lo_get lo_import
  unistr starts_with json_extract json_keys dbms_xmlgen xp_cmdshell xp_dirtree openrowset opendatasource
  current_user session_user system_user database schema version user_name db_name object_id
  is_srvrolemember has_dbaccess pg_read_file pg_ls_dir inet_server_addr compress uncompress
  encode decode to_base64 from_base64 cast convert ifnull nullif isnull coalesce instr locate
  position lpad rpad reverse soundex space floor rand count exp pi abs ceil ceiling round sign sqrt
  ltrim rtrim trim lower upper lcase ucase length char_length octet_length bit_length replace
  left right date year month day now curdate curtime time timestamp if iif default values execute exec
  log ln log10 power pow mod div`);
// Function names that are also everyday words ("date (optional)", "left (side)") only add a little.
const everydayWords = new Set(
  'date year month day time left right if default values log space count position reverse round sign power replace length lower upper trim exec execute floor abs exp mod div convert cast encode decode version user_name database schema mid space exp ln sqrt ceil ceiling'.split(' '),
);
const functionCall = new RegExp(`(?:^|[^a-z0-9_])(${sqlOnlyFunctions})\\s*\\(`, 'g');

const rules: PatternRule[] = [
  // A quote that closes the string, then SQL: the classic breakout.
  { id: 'sqli-quote-statement', category: 'sqli', score: severity.critical, pattern: new RegExp(`${quote}[\\s)(]*;?[\\s(]*(?:${statementWords})\\b`) },
  { id: 'sqli-quote-logic-compare', category: 'sqli', score: severity.critical, pattern: new RegExp(`${quote}[\\s)]*${logic}\\b.{0,40}?${comparison}`) },
  { id: 'sqli-quote-logic-quote', category: 'sqli', score: severity.critical, pattern: new RegExp(`${quote}[\\s)]*${logic}[\\s(]*${quote}`) },
  { id: 'sqli-quote-logic', category: 'sqli', score: severity.warning, pattern: new RegExp(`${quote}[\\s)]*(?:${logic}|\\|\\||&&)(?:\\b|\\s|\\()`) },
  { id: 'sqli-quote-operator', category: 'sqli', score: severity.warning, pattern: new RegExp(`${quote}\\s*(?:<=>|<>|!=|[=^|&*+%<>~!]|-(?!-))`) },
  { id: 'sqli-quote-comment', category: 'sqli', score: severity.error, pattern: new RegExp(`${quote}[\\s)]*(?:;\\s*)?(?:--|#|/\\*|;\\s*$|;\\s*%00)`) },
  { id: 'sqli-quote-cast', category: 'sqli', score: severity.error, pattern: new RegExp(`${quote}\\s*\\)?\\s*::\\s*[a-z]+`) },
  { id: 'sqli-comment-terminator', category: 'sqli', score: severity.notice, pattern: /(?:--[\s-]*$|#\s*$|\/\*.*?\*\/|\/\*!|--\s*-\s*$)/ },
  // Boolean operator followed by a comparison: "or 1=1", "and 526=527", "|| 'a' like 'a'".
  { id: 'sqli-logic-compare', category: 'sqli', score: severity.error, pattern: new RegExp(`(?:^|[\\s)'"\`])${logic}[\\s(]+[\\w'"\`@.()]+\\s*${comparison}\\s*[\\w'"\`@(]`) },
  { id: 'sqli-logic-quoted', category: 'sqli', score: severity.warning, pattern: new RegExp(`\\b(?:or|and|xor)\\s+${quote}`) },
  { id: 'sqli-tautology', category: 'sqli', score: severity.warning, pattern: /(?:^|[^\w.])(\d+|'\w*'|"\w*")\s*(?:=|<=>|like|is)\s*\1(?![\w.])/ },
  { id: 'sqli-numeric-compare', category: 'sqli', score: severity.notice, pattern: /(?:^|[^\w.])\d+\s*(?:<=>|!=|<>)\s*\d+/ },
  { id: 'sqli-spaceship', category: 'sqli', score: severity.error, pattern: /<=>/ },
  // Statements with their grammar.
  { id: 'sqli-union-select', category: 'sqli', score: severity.critical, pattern: /\bunion\b[\s(]*(?:all|distinct|select)\b/ },
  { id: 'sqli-select-star', category: 'sqli', score: severity.critical, pattern: /\bselect\b[\s(]+(?:\*|null\b|@@|\d+\s*,|[\w.]+\s*\(|distinct\b|top\s+\d|case\b|count\b|char\b|concat|\(\s*select)/ },
  { id: 'sqli-select-from', category: 'sqli', score: severity.warning, pattern: /\bselect\b[\s\S]{1,80}?\bfrom\b/ },
  { id: 'sqli-from-select', category: 'sqli', score: severity.critical, pattern: /\bfrom\b[\s(]*\(\s*select\b|\bfrom\s+[\w`.]+\s+(?:where|limit|order\s+by|group\s+by)\b|\bfrom\s*`/ },
  { id: 'sqli-insert', category: 'sqli', score: severity.critical, pattern: /\binsert\b[\s\S]{0,40}?\binto\b[\s\S]{1,60}?(?:\bvalues\b|\bselect\b|\()|\bvalues\s*\(\s*['"\d@]/ },
  { id: 'sqli-update-set', category: 'sqli', score: severity.critical, pattern: /\bupdate\s+[\w`."\[\]]+\s+set\s+[\w`."]+\s*=/ },
  { id: 'sqli-delete-from', category: 'sqli', score: severity.critical, pattern: /\bdelete\s+from\s+[\w`."\[\]]+\s*(?:where\b|;|--|#|$)/ },
  { id: 'sqli-ddl', category: 'sqli', score: severity.critical, pattern: /\b(?:drop|create|alter|truncate)\s+(?:or\s+replace\s+)?(?:table|database|schema|view|procedure|function|user|index|trigger|login)\b/ },
  { id: 'sqli-stacked', category: 'sqli', score: severity.critical, pattern: /;\s*(?:select|insert|update|delete|drop|create|alter|exec|execute|declare|shutdown|waitfor|truncate|grant|revoke|call|set\s+@)\b(?!\s+(?:on|to|my|the|a|an|your|for|about|of)\b)/ },
  { id: 'sqli-exec', category: 'sqli', score: severity.critical, pattern: /\bexec(?:ute)?\b\s*(?:\(|@|immediate\b|master\.|xp_|sp_|sys\.|dbms_|system\b|workb|[a-z_]+\.\.)/ },
  { id: 'sqli-time-delay', category: 'sqli', score: severity.critical, pattern: /\bwaitfor\s+(?:delay|time)\b|\b(?:pg_)?sleep\s*\(\s*[\d(@]|\bbenchmark\s*\(|dbms_lock\.sleep|dbms_pipe\.receive_message/ },
  { id: 'sqli-order-group-by', category: 'sqli', score: severity.error, pattern: /\b(?:order|group)\s+by\s+(?:\d+|[\w`.]+\s*(?:asc|desc)\b|[\w`.]+\s*(?:--|#|,|\)|;|limit\b|having\b))|\bhaving\s+[\w(]+\s*(?:=|<|>)|\border\s+by\s*$/ },
  { id: 'sqli-limit', category: 'sqli', score: severity.notice, pattern: /\blimit\s+\d+\s*(?:,|offset|$)/ },
  { id: 'sqli-into-file', category: 'sqli', score: severity.critical, pattern: /\binto\s+(?:out|dump)file\b|\bload\s+data\s+(?:local\s+)?infile\b/ },
  { id: 'sqli-schema', category: 'sqli', score: severity.critical, pattern: /\b(?:information_schema|sysobjects|syscolumns|sysusers|sysdatabases|pg_catalog|pg_shadow|pg_user|sqlite_master|sqlite_schema|mysql\.user|msysobjects|msysaccessobjects|all_tables|user_tables|all_tab_columns|dba_users|v\$version|msdb|sys\.objects|sys\.tables|xp_cmdshell|xp_dirtree|xp_regread|sp_executesql|sp_password|sp_oacreate|openrowset|opendatasource|nvarchar|varchar\s*\(|pg_sleep|dbms_\w+|utl_(?:http|inaddr|file)|sqlite_\w+|northwind|@@(?:version|datadir|hostname|basedir|servername))\b/ },
  { id: 'sqli-hex-literal', category: 'sqli', score: severity.notice, pattern: /\b0x[0-9a-f]{6,}\b/ },
  { id: 'sqli-char-sequence', category: 'sqli', score: severity.critical, pattern: /\b(?:char|chr|nchar)\s*\(\s*\d+\s*\)\s*(?:\+|\|\||,|\s)\s*(?:char|chr|nchar)\s*\(/ },
  { id: 'sqli-pg-cast', category: 'sqli', score: severity.error, pattern: /\)\s*::\s*(?:int|text|bool|boolean|varchar|numeric|bigint|integer)\b/ },
  { id: 'sqli-collate', category: 'sqli', score: severity.warning, pattern: /\bcollate\s*[`'"]?\w+_(?:ci|cs|bin|general)\w*/ },
  { id: 'sqli-nosql-operator', category: 'sqli', score: severity.critical, pattern: /(?:\[|^|["'{,\s])\$(?:ne|eq|gt|gte|lt|lte|in|nin|regex|where|exists|elemmatch|expr|or|and|not|nor|all|size|type|function|accumulator)\b/ },
  { id: 'sqli-conditional', category: 'sqli', score: severity.error, pattern: /\bcase\s+when\b[\s\S]*?\bthen\b|\bif\s*\(\s*[\w(]+\s*[=<>]/ },
  { id: 'sqli-like-wildcard', category: 'sqli', score: severity.warning, pattern: /\blike\s+['"][^'"]*%/ },
  { id: 'sqli-is-null', category: 'sqli', score: severity.notice, pattern: /\bis\s+(?:not\s+)?null\b|\bnot\s+between\b|\bsounds\s+like\b|\brlike\b|\bregexp\b|\blike\s+null\b/ },
];

/** Comments become spaces (MySQL accepts SELECT/**\/1), version comments open up, so structure shows. */
function sqlView(text: string): string {
  return text.replace(/\/\*!\d*/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ');
}

export function detectSqlInjection(lower: string, out: Finding[]): void {
  if (!/['"`\u2018\u2019\u00b4=<>()@$;#|&!^*\-]|\b(?:select|union|insert|update|delete|drop|exec|waitfor|order|group|having|from|information_schema|sys|pg_|sqlite|msdb|northwind|regexp|rlike|null|like|between|collate|limit|values|nvarchar|xp_|sp_|openrowset|dbms_|utl_)/.test(lower)) return;
  applyRules(rules, lower, out);
  const compact = sqlView(lower);
  if (compact !== lower) applyRules(rules, compact, out);
  functionCalls(compact, out);
}

function functionCalls(text: string, out: Finding[]): void {
  functionCall.lastIndex = 0;
  let strongest = 0;
  let match: RegExpExecArray | null;
  while ((match = functionCall.exec(text))) {
    const name = match[1]!;
    const score = everydayWords.has(name) ? severity.warning : severity.critical;
    strongest = Math.max(strongest, score);
    if (strongest === severity.critical) break;
  }
  if (strongest > 0) out.push({ rule: strongest === severity.critical ? 'sqli-function-call' : 'sqli-ambiguous-function-call', category: 'sqli', score: strongest });
}
