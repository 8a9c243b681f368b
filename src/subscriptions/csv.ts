import type { SubscriptionRecord } from './store.ts';

const columns = ['email', 'topics', 'consentVersion', 'consentedAt', 'requestedAt', 'confirmedAt', 'unsubscribedAt', 'consentText'] as const;

/**
 * RFC 4180 quoting, plus a leading apostrophe on cells a spreadsheet would run as a formula
 * (an address may legally start with "=" or "+").
 */
function cell(value: string | null): string {
  let text = value ?? '';
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function subscriptionsToCsv(records: readonly SubscriptionRecord[]): string {
  const lines = [columns.join(',')];
  for (const r of records) {
    lines.push(columns.map((c) => cell(c === 'topics' ? r.topics.join(' ') : r[c])).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
