import type { Child, FC } from 'hono/jsx';
import type { CrisisLine } from '../knowledge/schema.ts';

export interface LayoutProps {
  title: string;
  description?: string;
  crisisLines: readonly CrisisLine[];
  children?: Child;
  /** Extra scripts from this origin (progressive enhancement only: every page works without them). */
  scripts?: string[];
  /** Print-friendly pages drop the navigation when printed (CSS handles it); nothing else changes. */
  bodyClass?: string;
}

const nav: { href: string; label: string }[] = [
  { href: '/', label: 'Home' },
  { href: '/drugs/baclofen', label: 'Baclofen' },
  { href: '/interactions', label: 'Interaction checker' },
  { href: '/plans', label: 'Dose plans' },
  { href: '/check', label: 'Self-checks' },
  { href: '/treatment', label: 'Find treatment' },
  { href: '/guides/baclofen', label: 'Free guide' },
];

/** "1-800-662-4357" → "tel:+18006624357"; short codes (911, 988) stay as they are. */
export function telHref(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? `tel:+${digits}` : `tel:${digits}`;
}

/** The help box on every page: emergency numbers first, as links a phone can call. */
export const CrisisBox: FC<{ lines: readonly CrisisLine[] }> = ({ lines }) => (
  <aside id="get-help" class="crisis" aria-labelledby="get-help-title">
    <h2 id="get-help-title">Need help now?</h2>
    <ul>
      {lines.map((line) => (
        <li>
          <a class="crisis-phone" href={telHref(line.phone)}>
            <span class="crisis-name">{line.name}</span> <strong>{line.phone}</strong>
          </a>
          <span class="crisis-when">{line.when}</span>
        </li>
      ))}
    </ul>
  </aside>
);

export const Layout: FC<LayoutProps> = ({ title, description, crisisLines, children, scripts = [], bodyClass }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{`${title} | rxsafety`}</title>
      {description ? <meta name="description" content={description} /> : null}
      <link rel="stylesheet" href="/assets/site.css" />
      <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
      {scripts.map((src) => (
        <script type="module" src={src} defer />
      ))}
    </head>
    <body class={bodyClass}>
      <a class="skip-link" href="#main">Skip to content</a>
      <header class="site-header">
        <a class="brand" href="/">rxsafety</a>
        <a class="help-now" href="#get-help">I need help now</a>
        <nav aria-label="Main">
          <ul>
            {nav.map((item) => (
              <li>
                <a href={item.href}>{item.label}</a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <CrisisBox lines={crisisLines} />
      <main id="main" tabindex={-1}>
        {children}
      </main>
      <footer class="site-footer">
        <p>
          rxsafety gives information, not medical advice. It does not replace your prescriber, pharmacist or
          doctor: talk to them before you start, stop or change any medicine.
        </p>
        <p>
          Code MIT licence; content CC BY 4.0. Nothing on this site loads from third parties, and we keep no
          record of what you look up or answer. <a href="/api/docs">API</a> · <a href="/sources">Sources</a>
        </p>
      </footer>
    </body>
  </html>
);
