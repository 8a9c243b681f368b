import type { MythVerdict } from './schema.ts';
import type { z } from 'zod';

/** How a myth's verdict is worded to people: the drug page and the PDF guide both use these words. */
export const verdictLabel: Record<z.infer<typeof MythVerdict>, string> = {
  confirmed: 'Confirmed',
  corrected: 'Corrected',
  'partly-corrected': 'Partly corrected',
  unverifiable: 'Cannot be verified',
  plausible: 'Plausible, not directly verified',
};
