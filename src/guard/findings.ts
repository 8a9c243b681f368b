/** What the guard looks for; categories name the attack family, as the Core Rule Set groups them. */
export type Category =
  | 'sqli'
  | 'xss'
  | 'lfi'
  | 'rfi'
  | 'rce'
  | 'template'
  | 'protocol'
  | 'malformed'
  | 'scanner';

/**
 * Anomaly points, as in the Core Rule Set: a single weak signal (notice, warning) stays under the
 * default threshold of 5; a structural attack (critical) reaches it alone.
 */
export const severity = { critical: 5, error: 4, warning: 3, notice: 2 } as const;

/** One rule that fired on one input. The rule id is logged; the input never is. */
export interface Finding {
  rule: string;
  category: Category;
  score: number;
}

/** Where a value came from, so exceptions and header rules can tell a cookie from a query string. */
export type Location = 'path' | 'query' | 'query-name' | 'body' | 'body-name' | 'header' | 'cookie' | 'cookie-name';
