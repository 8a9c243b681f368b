import { severity, type Finding } from '../findings.ts';
import { applyRules, words, type PatternRule } from './rule.ts';

/**
 * Command injection by shell structure: a separator (; | & ` $( newline) followed by a command and
 * shell-looking arguments, command substitution, quote-splitting evasions (c'a't), globbed system
 * paths and reverse-shell idioms. Words like "time", "more" or "cat" in a sentence do not count.
 */

// Tools nobody types into a health site followed by arguments.
const toolNames = words(`
  wget curl nc ncat netcat bash zsh ksh csh tcsh dash busybox python2 python3 php lua irb gdb strace ltrace
  whoami uname ifconfig ipconfig passwd chmod chown chgrp useradd adduser usermod crontab nslookup
  traceroute nmap telnet ssh scp rsync tftp base64 xxd hexdump openssl socat gawk awk sed egrep fgrep grep xargs
  netstat lsof pkill killall sudo rmdir mkdir chattr umount shutdown reboot poweroff systemctl iptables printenv
  lastlog lastlogin ansible ansible-playbook ansible-galaxy ansible-vault ansible-config ansible-pull ansible-console
  chef chef-client chef-run cscli kubectl vim nano cpulimit rmt nohup getent tcpdump tshark javac gcc
  apt-get dpkg powershell pwsh cmd.exe certutil bitsadmin rundll32 regsvr32 mshta wscript cscript sh ls rm cp mv ps id
  env dd od pwd tee ln cat vi`);
// Commands that are also English words: they need shell-looking arguments to count.
const wordCommands = words(`
  more head tail less time date test type set find file sort join split cut paste wait sleep watch which who
  last kill host mail make go local let expand fold column flock trap echo printf print read dir source exec eval
  export history ping touch stat diff nice top free python perl ruby node java git docker mount column cd
  net whois dig ip tar zip unzip gzip timeout alias declare`);

// A bare word at the start of a value ("node", "time") is not a command line; only inside one.
const innerSeparator = `(?:[;|&\`\\n\\r]|\\$\\(|[<>]\\(|\\{\\s*)`;
const pathPrefix = `(?:(?:/usr)?(?:/local)?/s?bin/)?`;
const shellArg = `(?:\\s+(?:-{1,2}[a-z0-9]|/|\\$|\`|~|\\.{1,2}/|[a-z0-9_.-]+\\.(?:txt|sh|php|py|pl|rb|conf|log|ini|yml|yaml|ps1|exe|bat|json)\\b|\\d+(?:\\.\\d+){3})|\\s*[<>|;&\`]|\\s*$)`;

const rules: PatternRule[] = [
  { id: 'rce-separator-tool', category: 'rce', score: severity.critical, pattern: new RegExp(`${innerSeparator}\\s*${pathPrefix}(?:${toolNames})(?=[\\s;|&<>\`)'"]|$)`) },
  { id: 'rce-separator-command-args', category: 'rce', score: severity.critical, pattern: new RegExp(`${innerSeparator}\\s*${pathPrefix}(?:${wordCommands})${shellArg}`) },
  { id: 'rce-separator-command', category: 'rce', score: severity.notice, pattern: new RegExp(`[;|&\`]\\s*(?:${wordCommands})\\b`) },
  { id: 'rce-system-binary', category: 'rce', score: severity.critical, pattern: /(?:^|[\s;|&`'"(=])\/?(?:usr\/)?(?:local\/)?s?bin\/[a-z]/ },
  { id: 'rce-command-substitution', category: 'rce', score: severity.critical, pattern: /\$\(\s*\(?[a-z$(`]|`[^`]*[a-z][^`]*`|\$\(\s*\)/ },
  { id: 'rce-shell-variable-evasion', category: 'rce', score: severity.critical, pattern: /\$\{?ifs\b|\$\{[a-z_]+(?::[-\d]|[#%\/^,])|[a-z]\$(?:[a-z_@*]\b|\{)|\$@|\$\{[^}]*\}\s*[a-z]/ },
  { id: 'rce-globbed-path', category: 'rce', score: severity.critical, pattern: /\/[\w.-]*(?:[a-z][?*\[]|[?*\[][a-z])[^\s/]*\/|\/[\w.-]+\/[\w.-]*(?:[a-z][?*]|[?*][a-z])|\/[a-z]*\[[^\]\s]*\][a-z]*|\/\?\?\?\/|\/e[?*]c\b|\/[a-z]+\/[a-z]*[?*]+[a-z]*(?:\s|$)/ },
  { id: 'rce-here-string-or-redirect', category: 'rce', score: severity.critical, pattern: /<<<|\d>&\d|&>\s*\/|>\s*\/dev\/(?:tcp|udp|null)|\/dev\/(?:tcp|udp)\/|\)\s*\d?>\s*\$|\bsh\s+-c\b|\bbash\s+-[ci]\b|\bnc\s+-[el]/ },
  { id: 'rce-shellshock', category: 'rce', score: severity.critical, pattern: /\(\s*\)\s*\{\s*[:\w]*\s*;?\s*\}\s*;/ },
  { id: 'rce-windows-shell', category: 'rce', score: severity.critical, pattern: /\bcmd(?:\.exe)?\s*\/[ck]\b|\bpowershell\b|\bpwsh\b|\binvoke-(?:expression|webrequest|command|item|restmethod|wmimethod)\b|\biex\s*\(|\bstart-process\b|\bnew-object\s+(?:system\.)?net\.webclient|\bdownload(?:string|file)\b|\bcertutil\b|\bbitsadmin\b|\brundll32\b|\bregsvr32\b|\bmshta\b|%(?:systemdrive|systemroot|windir|comspec|programfiles|appdata|temp|userprofile)%|[|&;]\s*(?:type|dir|net\s+(?:user|localgroup|view)|copy|del|ren|attrib|tasklist|taskkill|systeminfo|wmic|reg\s+query)\b/ },
  { id: 'rce-process-substitution', category: 'rce', score: severity.error, pattern: /[<>]\(\s*[a-z)]/ },
  { id: 'rce-tool-with-arguments', category: 'rce', score: severity.critical, pattern: new RegExp(`^\\s*['"]?${pathPrefix}(?:${toolNames}|${wordCommands})${shellArg.replace('|\\s*$', '')}`) },
  // A tool's name alone ("cat", "id", "env") is a word in a search box or a FHIR member; only the
  // strict level (inputs nobody reads, detectors/paranoid.ts) counts it.
  { id: 'rce-tool-chain', category: 'rce', score: severity.critical, pattern: new RegExp(`^\\s*(?:${toolNames}|${wordCommands})\\s+(?:${toolNames})\\b`) },
];

/** Shells join "c'a't", "w\\ho\\am\\i" and ""p""y"" back into words; so does this view. */
function unquotedView(text: string): string {
  return text.replace(/(?<=[a-z])(?:''|""|\\|\$@|\$[a-z](?![a-z])|\[\])(?=[a-z])|(?<=[a-z])['"](?=[a-z]+['"])|(?<=[a-z]['"][a-z]+)['"]/g, '').replace(/""|''/g, '');
}

export function detectCommandInjection(lower: string, out: Finding[]): void {
  applyRules(rules, lower, out);
  const view = unquotedView(lower);
  if (view !== lower) {
    const before = out.length;
    applyRules(rules, view, out);
    for (let i = before; i < out.length; i++) out[i] = { rule: `${out[i]!.rule}-evasion`, category: out[i]!.category, score: out[i]!.score };
  }
}
