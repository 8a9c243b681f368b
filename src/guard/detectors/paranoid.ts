import { severity, type Finding } from '../findings.ts';
import { applyRules, words, type PatternRule } from './rule.ts';

/**
 * The stricter paranoia level, only for inputs no route reads (see known-inputs.ts): an unknown query
 * key, an unknown route, a cookie the app never sets, a made-up header. There a single code-shaped
 * token is enough — a bare SQL operator, an SQL function call, a quote next to code, a shell command
 * with arguments, a tag, an off-site URL — because no person types health text where nothing listens.
 * Never applied to a search box, a drug list or an answer: "select a drug" and "O'Brien" stay lenient.
 */

const commands = words(`
  wget curl nc ncat netcat bash zsh ksh csh tcsh dash sh busybox python python2 python3 perl ruby php lua node irb gdb
  strace ltrace whoami uname ifconfig ipconfig passwd chmod chown chgrp useradd adduser usermod crontab nslookup
  traceroute nmap telnet ssh scp rsync tftp base64 xxd hexdump openssl socat gawk awk sed grep egrep fgrep xargs
  netstat lsof pkill killall sudo visudo rmdir mkdir chattr umount shutdown reboot poweroff systemctl iptables printenv
  ansible ansible-[a-z]+ chef chef-[a-z]+ cscli kubectl vim vi nano ex cpulimit rmt rmt-tar nohup getent tcpdump tshark
  javac gcc c89 c99 cc apt apt-get dpkg yum rpm pip pip3 pipx npm gem perf rc env set time timeout cat tac ls rm cp mv ps id
  dd od pwd tee ln echo printf kill ping touch stat diff top head tail less more find file sort cut wc uniq tar zip
  unzip gzip gunzip bzip2 xz su chroot mount eval exec source export alias history wall write mail sendmail
  iwmi wmic bcdboot bcdedit certutil bitsadmin reg net netsh sc schtasks tasklist taskkill whoami systeminfo
  powershell pwsh cmd lwp-download lwp-request fetch links lynx w3m
`);

const sqlFunctions = words(`
  abs acos ascii asin atan avg benchmark bin cast ceil ceiling char char_length chr coalesce concat concat_ws conv
  convert cos cot count crc32 curdate current_user curtime database date datediff day dayname decode default
  degrees elt encode exp extractvalue field find_in_set floor format from_base64 greatest group_concat hex if
  ifnull iif in insert instr isnull last_insert_id lcase least left length ln load_file local locate log log10
  log2 lower lpad ltrim make_set max md5 mid min minute mod month name_const now nullif oct ord pi position pow
  power quarter quote radians rand repeat replace reverse right round rpad rtrim schema sha sha1 sha2 sign sin sleep
  soundex space sqrt strcmp substr substring sum sysdate tan time timestamp to_base64 trim truncate ucase unhex
  updatexml upper user values version week year pg_sleep procedure analyse
`);

const rules: PatternRule[] = [
  // SQL tokens that have no place in a value nobody reads.
  { id: 'strict-sql-operator', category: 'sqli', score: severity.critical, pattern: /\|\||&&|<>|!=|<=|>=|==|->|<<|>>|!!|\^'|'\^/ },
  { id: 'strict-sql-keyword', category: 'sqli', score: severity.critical, pattern: /\b(?:xor|rlike|regexp|glob|notnull|isnull|varchar|nvarchar|waitfor|msdasql|tempdb|schema_name|information_schema|sysdate|union|having|declare|truncate)\b|\bis\s+(?:not\s+)?(?:null|true|false|\d)|\b(?:order|group)\s+by\b|\bexec(?:ute)?\s+[a-z_]|\bselect\b[\s\S]*?(?:\bfrom\b|\d|\bnull\b|\*)|\b(?:create|drop|alter)\s+(?:table|database|view|user)\b|\blike\s*(?:['"%\d]|null\b)|\bsounds\s+like\b|\bin\s*\(|\bmysql\.\w|\bmsys\w+|\bfrom\s+\w+\s+where\b|\bprocedure\s+analyse\b|\bor\s+(?:true|false)\b|\d\.e\W/ },
  { id: 'strict-sql-function', category: 'sqli', score: severity.critical, pattern: new RegExp(`\\b(?:${sqlFunctions})\\b[\\s\\W]{0,4}\\(`) },
  { id: 'strict-quote-code', category: 'sqli', score: severity.critical, pattern: /['"`\u2018\u2019].*?['"`\u2018\u2019]|['"`][^a-z\s]|[^a-z\s.@-]['"`]|['"`]\s*(?:or|and|xor|not|is|in|like)\b|\\['"]/ },
  { id: 'strict-comparison', category: 'sqli', score: severity.critical, pattern: /(?:^|[^\w.-])\w+\s*(?:!?=|<|>)\s*\w+\s*(?:$|[^\w\s])|(?:^|\s)\d+\s*(?:!?=|<|>|\bis\b(?:\s+not)?)\s*\d|['"`]\s*[=<>*]/ },
  { id: 'strict-symbol-run', category: 'sqli', score: severity.critical, pattern: /[!@#$%^&*~]{3,}|@@|#\s*'|--\s*$|;\s*$|\/\*|\*\/|\.{4,}/ },
  // Shell: a command where nothing listens, with arguments or after a separator.
  { id: 'strict-shell-command', category: 'rce', score: severity.critical, pattern: new RegExp(`(?:^|[;|&\`({\\n]|\\$\\(|\\b(?:time|nohup|strace|sudo|env)\\s+)\\s*['"]?(?:${commands})['"]?(?:\\s+[-+.\\w/'"\`$|<>&;]|\\s*$|[;|&<>\`)])`) },
  { id: 'strict-shell-syntax', category: 'rce', score: severity.critical, pattern: /\$\{|\$\(|\$\[|[<>]\(|\(\)\s*\{|`|~[+-]|![-\d]|^[\r\n]|[\r\n]\s*[a-z0-9]+\s|\$[a-z_@*?#]|;\s*[a-z]|[|&]\s*[a-z]|\s-{1,2}[a-z][\w-]*(?:\s|$)|\\[a-z]/ },
  { id: 'strict-file-name', category: 'rce', score: severity.critical, pattern: /\b[\w-]+[._](?:php\d?|phtml|phar|jsp|asp|aspx|cgi|pl|py|rb|sh|bash|exe|dll|bat|ps1|yml|yaml|ini|conf|cfg|config|env|txt|log|bak|sql)\b|^\s*mtrr\b/ },
  // XSS: any markup at all.
  { id: 'strict-markup', category: 'xss', score: severity.critical, pattern: /<\s*[a-z!?/:%]|-->|\bon[a-z]{3,}\s*=|\b(?:formaction|style|src|href|srcdoc)\s*=|\burl\s*\(|\bdata\s*:|\bjavascript\b|\bvbscript\b|\b(?:reflect|document|window|globalthis|self|top|parent)\s*\.\s*[a-z]|\.\s*(?:textcontent|innerhtml|call|apply|sort|constructor)\b|\+ad[w4]-|\bvalueof\b|\b(?:alert|prompt|confirm|eval)\s*[(`]|(?:1\u20444|\u00bc)\s*\/?[a-z]+\s*(?:3\u20444|\u00be)/ },
  // Remote inclusion: a URL, a URL-scheme stub or a wrapper where nothing fetches one.
  { id: 'strict-url', category: 'rfi', score: severity.critical, pattern: /(?:^|[^a-z])(?:https?|ftps?|file|gopher|dict|ldap|php|data|expect|phar|zip|jar|glob|ssh2)\s*(?::\/*|\?)|\/\/[\w.-]+\.[a-z]{2,}/ },
];

// Plain words and numbers skip the rules, unless they spell SQL or start with a command.
const plainWords = /^[\p{L}\p{N} \t_]*$/u;
const sqlOrCommandWord = new RegExp(`\\b(?:xor|rlike|regexp|glob|notnull|isnull|varchar|nvarchar|waitfor|msdasql|tempdb|union|having|declare|truncate|order|group|exec|execute|select|is|like|in|msys\\w*|schema_name|sysdate)\\b|^\\s*(?:${commands})(?:\\s|$)`);
const pathRules = rules.filter((rule) => rule.id !== 'strict-file-name' && rule.id !== 'strict-shell-syntax');

export function detectParanoid(lower: string, out: Finding[], options: { path?: boolean } = {}): void {
  if (plainWords.test(lower) && !sqlOrCommandWord.test(lower)) return;
  applyRules(options.path ? pathRules : rules, lower, out);
}
