import { severity, type Finding } from '../findings.ts';

/** User agents of vulnerability scanners and attack tools (they announce themselves). */
const scannerAgents =
  /\b(?:nikto|sqlmap|nmap|masscan|nessus|openvas|acunetix|netsparker|w3af|arachni|skipfish|wpscan|joomscan|dirbuster|gobuster|dirb|ffuf|wfuzz|nuclei|zgrab|zmeu|morfeus|paros|webinspect|appscan|havij|jaascois|commix|burp(?:suite| collaborator)|zaproxy|owasp zap|whatweb|xsser|grabber|fimap|brutus|hydra|medusa|bsqlbf|pangolin|sql power injector|webshag|httprint|metis|nstalker|n-stealth|crimscanner|mozilla\/4\.0 \(compatible; msie 5\.01; windows nt 5\.0\) sqlmap)\b/;

export function detectScanner(userAgentLower: string, out: Finding[]): void {
  if (scannerAgents.test(userAgentLower)) out.push({ rule: 'scanner-user-agent', category: 'scanner', score: severity.critical });
}

/** Paths scanners probe; the site has none of them, so a hit is a scan, not a lost visitor. */
const probedPaths =
  /(?:^|\/)(?:\.git(?:\/|$)|\.svn\/|\.hg\/|\.env(?:\.|$)|\.ds_store|\.htaccess|\.htpasswd|wp-login\.php|xmlrpc\.php|phpmyadmin|pma\/|adminer|server-status|server-info|\.aws\/|actuator\/(?:env|heapdump|gateway)|cgi-bin\/|boaform|hnap1|manager\/html|solr\/admin|jmx-console|invoker\/|vendor\/phpunit|\.well-known\/(?!security\.txt|change-password))/;

export function detectProbedPath(pathLower: string, out: Finding[]): void {
  if (probedPaths.test(pathLower)) out.push({ rule: 'scanner-probed-path', category: 'scanner', score: severity.critical });
}
