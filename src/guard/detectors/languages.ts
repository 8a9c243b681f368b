import { severity, type Finding } from '../findings.ts';
import { applyRules, type PatternRule } from './rule.ts';

/**
 * Server-side template and expression injection ({{7*7}}, ${jndi:…}, OGNL), and payloads aimed at
 * PHP, Java and Node runtimes. rxsafety runs none of them, but a probe for them is still an attack.
 */
const rules: PatternRule[] = [
  { id: 'template-jndi-lookup', category: 'template', score: severity.critical, pattern: /\$\{\s*(?:jndi|env|sys|java|lower|upper|date|ctx|main|bundle|spring|k8s|docker|log4j|base64|url|::-)[^}]*[:}]|\$\{[^}]*\$\{/ },
  { id: 'template-double-curly-expression', category: 'template', score: severity.critical, pattern: /\{\{[^}]*(?:[*+\-/()\[\].|_]|config|self|request|lipsum|cycler|joiner|namespace|constructor)[^}]*\}\}/ },
  { id: 'template-double-curly', category: 'template', score: severity.warning, pattern: /\{\{.*\}\}|\{%.*%\}/ },
  { id: 'template-expression-language', category: 'template', score: severity.critical, pattern: /[$#*@]\{[^}]*(?:[()\[\]*+]|\.(?:getclass|class|forname|getruntime|exec|invoke|newinstance)|t\s*\(|new\s)[^}]*\}|<%=?[^%]*%>|%\{\s*\(?#|#\{[^}]*\}|\$\{[^}]*[.(][^}]*\}/ },
  { id: 'java-runtime-access', category: 'template', score: severity.critical, pattern: /java\.(?:lang|io|net|util|nio)\.|\bgetruntime\s*\(|\bprocessbuilder\b|\bclassloader\b|\.getclass\s*\(|\bforname\s*\(|\bobjectinputstream\b|\bscriptengine\w*\b|class\.module\.|@java\.|\brO0AB|\bT\s*\(\s*java|xwork\.|ognl\w*\.|_memberaccess|com\.sun\.|javax\.|org\.apache\.|\bjndi:|\bjdk\.|\bbsh\.interpreter|\bgroovy\.lang/i },
  { id: 'php-code', category: 'template', score: severity.critical, pattern: /<\?(?:php|=)|\bphp:\/\/|\b(?:phpinfo|system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec|eval|assert|base64_decode|gzinflate|str_rot13|file_get_contents|file_put_contents|fopen|fwrite|include|include_once|require|require_once|unserialize|create_function|call_user_func(?:_array)?|preg_replace|highlight_file|show_source|parse_ini_file|move_uploaded_file|posix_\w+|ini_set|chr|ord|readfile|symlink|mail)\(\s*[$'"\w]|\$_(?:get|post|request|cookie|server|files|env|session)\b|\bo:\d+:"[a-z_\\]+":\d+:\{|\ba:\d+:\{[is]:|\bphar:\/\/|\b__halt_compiler\b|\.(?:php\d?|phtml|phar)(?:\.|\?|$|\s|\/)/ },
  { id: 'node-code', category: 'template', score: severity.critical, pattern: /\b__proto__\b|\bconstructor\s*(?:\.|\[)\s*['"]?prototype|\brequire\s*\(\s*['"`](?:child_process|fs|net|vm|os)|\bprocess\s*\.\s*(?:mainmodule|binding|env|exit|kill)|\bchild_process\b|\.exec(?:sync)?\s*\(|\bfunction\s*\(\s*\)\s*\{|=>\s*\{|\bnew\s+function\b|\bthis\.constructor\.constructor/ },
  { id: 'ruby-perl-code', category: 'template', score: severity.warning, pattern: /\b(?:kernel\.|io\.popen|%x\{|open3|instance_eval|class_eval|send\s*\(\s*:|marshal\.load)|\bsystem\s*\(|`\s*\w+/ },
];

export function detectTemplateAndCode(lower: string, out: Finding[]): void {
  if (!/[{}$%<#@(:.`_]/.test(lower)) return;
  applyRules(rules, lower, out);
}
