import { severity, type Finding } from '../findings.ts';
import { applyRules, type PatternRule } from './rule.ts';

/**
 * Cross-site scripting by structure: a tag that runs code (script, iframe, svg…), any tag with an event
 * handler or a javascript: URL, script sinks (document.cookie, alert(1)). "<b>bold</b>", "<5 mg" and
 * "x > y and y < z" have no such structure and pass; output is escaped anyway, this is defence in depth.
 */
const events =
  'on(?:[a-z]*(?:load|error|click|mouse\\w*|key\\w*|focus\\w*|blur|change|submit|toggle|pointer\\w*|animation\\w*|transition\\w*|drag\\w*|drop|touch\\w*|wheel|scroll|input|select\\w*|reset|resize|play\\w*|pause|copy|cut|paste|message|hashchange|popstate|pageshow|pagehide|begin|end|repeat|start|finish|show|search|beforeprint|afterprint|unload|invalid|contextmenu|readystatechange|storage|abort|canplay\\w*|durationchange|emptied|ended|loadeddata|seek\\w*|stalled|suspend|timeupdate|volumechange|waiting|activate|formdata|securitypolicyviolation|content\\w*))';

const rules: PatternRule[] = [
  { id: 'xss-script-tag', category: 'xss', score: severity.critical, pattern: /<\s*\/?\s*script\b|<\s*script/ },
  { id: 'xss-event-handler', category: 'xss', score: severity.critical, pattern: new RegExp(`(?:<[a-z!?/][^>]*?|['"\`\\s/;])${events}\\s*=`) },
  { id: 'xss-event-handler-bare', category: 'xss', score: severity.warning, pattern: new RegExp(`\\b${events}\\s*=`) },
  { id: 'xss-script-url', category: 'xss', score: severity.critical, pattern: /(?:java|vb|live|j|ecma)script\s*:|data\s*:\s*(?:text\/html|image\/svg\+xml|application\/(?:x-)?javascript)|mocha\s*:/ },
  {
    id: 'xss-active-tag',
    category: 'xss',
    score: severity.critical,
    pattern: /<\s*\/?\s*(?:iframe|frame|frameset|object|embed|applet|svg|math|base|meta|link|style|form|isindex|xml|xss|noscript|template|marquee|bgsound|layer|ilayer|import|v:\w+|vmlframe|set|animate|handler|listener|x:script|xmp|plaintext|portal|video|audio|source|details|dialog|keygen|textarea|button|select|input|image|img|body|html|head|title|a\s)\b|<\s*\?\s*xml-stylesheet/,
  },
  { id: 'xss-tag-with-attributes', category: 'xss', score: severity.warning, pattern: /<[a-z][a-z0-9:-]*(?:\s|\/)+[^>]*?[a-z-]+\s*=/ },
  { id: 'xss-attribute-src', category: 'xss', score: severity.warning, pattern: /\b(?:src|href|action|formaction|data|srcdoc|background|poster|xlink:href|lowsrc|dynsrc)\s*=\s*['"]?\s*(?:[a-z]+:|\/\/|[\w./-]+\.(?:js|swf|svg|html?|fml|xml))/ },
  { id: 'xss-dom-sink', category: 'xss', score: severity.critical, pattern: /\b(?:document\s*\.\s*(?:cookie|write|writeln|domain|location|body|createelement|getelementby\w*|forms)|window\s*\.\s*(?:location|open|name|eval)|location\s*\.\s*(?:href|hash|replace|assign)|\.innerhtml|\.outerhtml|\.insertadjacenthtml|\.appendchild|\.textcontent\s*=|string\s*\.\s*fromcharcode|settimeout\s*\(|setinterval\s*\(|new\s+function\s*\(|\.constructor\s*\(|top\s*\[|self\s*\[|parent\s*\[)/ },
  { id: 'xss-alert-call', category: 'xss', score: severity.critical, pattern: /\b(?:alert|prompt|confirm|eval|print)\s*(?:\(|`)\s*(?:['"`\d\/]|document|window|this|1|xss|origin|`)/ },
  { id: 'xss-css-expression', category: 'xss', score: severity.critical, pattern: /expression\s*\(|-moz-binding\s*:|behavio(?:u)?r\s*:\s*url|@import\s|url\s*\(\s*['"]?\s*(?:javascript|data|vbscript):/ },
  { id: 'xss-jsfuck', category: 'xss', score: severity.critical, pattern: /!!\s*\[\s*\]|\+\s*\[\s*\]|\[\s*\]\s*\[|\(\s*!\s*\[\s*\]/ },
  { id: 'xss-html-comment-or-cdata', category: 'xss', score: severity.notice, pattern: /<!--|<!\[cdata\[|<!doctype|<!entity/ },
  { id: 'xss-closing-attribute', category: 'xss', score: severity.notice, pattern: /['"]\s*\/?>\s*</ },
  { id: 'xss-angular-binding', category: 'xss', score: severity.warning, pattern: /\bng-[a-z]+\s*=|\bv-(?:html|on|bind)\s*=|\bx-(?:html|on)\s*=/ },
];

export function detectCrossSiteScripting(lower: string, out: Finding[]): void {
  if (!/[<:(=`\[\]!.]/.test(lower)) return;
  // Browsers ignore tabs, newlines and NULs inside "java\tscript:"; so does this view.
  const squeezed = lower.replace(/[\t\n\r\u0000\u000b\u000c]/g, '');
  applyRules(rules, squeezed, out);
}
