import { frozenJson } from '../../web/frozen-json.ts';
import type { Card } from './service.ts';

/**
 * The JSON text of a CDS Hooks answer, `{"cards":[...]}`: an interaction card is a frozen object
 * built once per finding (service.ts), so its text is written once too. Same text as JSON.stringify.
 */
export function cardsJson(answer: { cards: readonly Card[] }): string {
  return `{"cards":[${answer.cards.map(frozenJson).join(',')}]}`;
}
