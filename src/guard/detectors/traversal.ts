import { severity, type Finding } from '../findings.ts';
import { applyRules, type PatternRule } from './rule.ts';

/**
 * Path traversal, local and remote file inclusion. "../back to results" is text, not a path: points
 * come from ../ runs that climb above the starting folder into a path, sensitive system files, and
 * values that are nothing but a URL to a foreign or non-web scheme.
 */

const sensitiveFiles = new RegExp(
  [
    '(?:^|[\\s/\\\\=:"\'<>;|&*?])(?:etc/(?:passwd|shadow|group|hosts|issue|sudoers|subuid|subgid|crontab|apache2|httpd|nginx|mysql|ssh|ssl|profile|bashrc|environment|motd|resolv\\.conf|fstab|services|\\*|\\?)',
    'proc/(?:self|\\d+|version|cpuinfo|meminfo|interrupts|mounts|net|sys|cmdline|environ|sched_debug|kcore)',
    'sys/(?:class|kernel|devices|block|bus|firmware|module|power|fs)',
    'var/(?:log|lib|run|spool|mail|www|tmp)/',
    'root/|home/\\w+/\\.|usr/local/|usr/src/|dev/(?:tcp|udp|null|zero|random|shm)|tmp/\\w',
    '(?:windows|winnt)/(?:win\\.ini|system32|system\\.ini|repair|debug|php\\.ini)|win\\.ini|boot\\.ini|system32|autoexec\\.bat|config\\.sys)',
    '(?:^|[\\s/\\\\=:"\'])\\.(?:ssh|aws|docker|kube|git|svn|hg|env|htaccess|htpasswd|bash_history|history|mysql_history|npmrc|netrc|pgpass|gnupg|cursorignore|aiignore|vscode|idea|ds_store|well-known/(?!security\\.txt))\\b',
    '\\b(?:id_rsa|id_dsa|id_ecdsa|id_ed25519|authorized_keys|known_hosts|web\\.config|wp-config\\.php|httpd\\.conf|php\\.ini|my\\.cnf|\\.bash_profile|local\\.settings\\.json|appsettings\\.json)\\b',
    '\\b[\\w-]+\\.(?:sql|bak|old|orig|swp|save|dump|backup)(?:\\.(?:zip|gz|tar|tgz|7z|rar))?$',
    '(?:^|/)(?:wp-content|wp-admin|wp-includes|cgi-bin|phpmyadmin|@fs|@id)/',
    '\\b(?:debug|error|errors|access)\\.log\\b',
  ].join('|'),
);

const rules: PatternRule[] = [
  { id: 'lfi-sensitive-file', category: 'lfi', score: severity.critical, pattern: sensitiveFiles },
  { id: 'lfi-encoded-dots', category: 'lfi', score: severity.critical, pattern: /(?:0x2e|%2e)(?:0x2e|%2e|\.)|\.(?:0x2e|%2e)|0x5c0x2e|(?:0x2f|0x5c)\.|\.{3,}[/\\]/ },
  { id: 'lfi-windows-drive', category: 'lfi', score: severity.warning, pattern: /(?:^|[\s=])[a-z]:[\\/](?:windows|winnt|users|program|inetpub|boot)/ },
  { id: 'rfi-wrapper', category: 'rfi', score: severity.critical, pattern: /(?:^|[^a-z])(?:file|gopher|dict|ldap|ldaps|jar|netdoc|expect|phar|zip|zlib|glob|ssh2|rar|ogg|php|data|compress\.zlib|compress\.bzip2|local_file|tftp|smb|sftp|url:file)\s*:(?:\/\/|[a-z\/])/ },
  { id: 'rfi-question-mark-suffix', category: 'rfi', score: severity.critical, pattern: /^(?:https?|ftps?|file)(?::\/\/[^\s?]*)?\?$/ },
  { id: 'rfi-ip-address-url', category: 'rfi', score: severity.critical, pattern: /^(?:https?|ftps?):\/\/\d{1,3}(?:\.\d{1,3}){3}/ },
  { id: 'rfi-userinfo-trick', category: 'rfi', score: severity.critical, pattern: /^(?:https?|ftps?):\/\/[^\s]*\/[^\s]*@|^(?:https?|ftps?):\/\/[^\s/]*@[^\s/]*@/ },
  { id: 'rfi-cloud-metadata', category: 'rfi', score: severity.critical, pattern: /169\.254\.169\.254|metadata\.google\.internal|\[?fd00:ec2::254\]?/ },
];

/** Does a slash-separated path climb above where it started, into a path (not "../back to results")? */
function climbsAboveRoot(text: string): { escapes: boolean; climbs: number; pathAfter: boolean } {
  const parts = text.split(/[/\\]+/);
  let depth = 0;
  let climbs = 0;
  let escapes = false;
  let pathAfter = false;
  for (const part of parts) {
    const trimmed = part.trim();
    if (trimmed === '..' || /^\.{2,}$/.test(trimmed)) {
      climbs++;
      depth--;
      if (depth < 0) escapes = true;
    } else if (trimmed !== '' && trimmed !== '.') {
      if (escapes && !/\s/.test(part)) pathAfter = true;
      depth++;
    }
  }
  return { escapes, climbs, pathAfter };
}

export function detectTraversal(lower: string, out: Finding[], options: { host?: string } = {}): void {
  if (lower.includes('..')) {
    const { escapes, climbs, pathAfter } = climbsAboveRoot(lower.replace(/^[^/\\.]*[=:]\s*/, ''));
    if (escapes && (climbs >= 2 || pathAfter)) out.push({ rule: 'lfi-path-traversal', category: 'lfi', score: severity.critical });
    else if (climbs >= 1 && /\.\.[/\\]/.test(lower)) out.push({ rule: 'lfi-dot-dot-slash', category: 'lfi', score: severity.notice });
  }
  if (!/[/\\:.]/.test(lower)) return;
  applyRules(rules, lower, out);
  foreignUrl(lower, options.host, out);
}

/** A value that is only a URL to another site is what remote inclusion and SSRF look like. */
function foreignUrl(lower: string, host: string | undefined, out: Finding[]): void {
  const match = /^\s*(?:https?|ftps?):\/\/([^/?#\s]+)/.exec(lower);
  if (!match) {
    // A URL inside a sentence is ordinary; note it only.
    if (/(?:https?|ftps?):\/\//.test(lower)) out.push({ rule: 'rfi-embedded-url', category: 'rfi', score: 0 });
    return;
  }
  const authority = match[1]!;
  const urlHost = authority.replace(/^.*@/, '');
  const own = host?.toLowerCase();
  if (own && (urlHost === own || urlHost.endsWith(`.${own}`) && !urlHost.replace(`.${own}`, '').includes('.'))) return;
  // A bare link to another site is something people paste ("https://www.samhsa.gov"); a link to a
  // script or file, or one carrying its own query, is what an inclusion payload looks like.
  const includesFile = /^\s*[a-z]+:\/\/[^\s]*\/[^\s?#]*\.(?:txt|php\d?|sh|jsp|asp|aspx|pl|py|cgi|exe|jar|war|inc|phtml|ps1|bat)\b|[?&=]\s*$|%00/.test(lower);
  out.push({ rule: 'rfi-foreign-url', category: 'rfi', score: includesFile ? severity.critical : severity.warning });
}
