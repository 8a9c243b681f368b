const texts = new WeakMap<object, string>();

/**
 * JSON.stringify(value), written once for a frozen object: a frozen object cannot change, so its text
 * is kept beside it for as long as the object lives. Anything not frozen is written afresh each time.
 * For the large shared parts of answers (interaction findings, CDS cards) that many answers repeat.
 */
export function frozenJson(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (Object.isFrozen(value)) texts.set(value, text);
  }
  return text;
}
