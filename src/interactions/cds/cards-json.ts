import type { Card } from './service.ts';

const serialised = new WeakMap<Card, string>();

/**
 * The JSON text of a CDS Hooks answer, `{"cards":[...]}`: an interaction card is a frozen object
 * built once per finding (service.ts), so its text is written once too. Same text as JSON.stringify.
 */
export function cardsJson(answer: { cards: readonly Card[] }): string {
  return `{"cards":[${answer.cards.map(cardJson).join(',')}]}`;
}

function cardJson(card: Card): string {
  let text = serialised.get(card);
  if (text === undefined) {
    text = JSON.stringify(card);
    if (Object.isFrozen(card)) serialised.set(card, text);
  }
  return text;
}
