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

/**
 * JSON.stringify(answer) for an answer object whose members, or the items of whose array members,
 * are often frozen shared objects: those are written once (frozenJson), the rest afresh. The same text
 * as JSON.stringify for plain data (members that are undefined are left out, as it leaves them out).
 */
export function answerJson(answer: object): string {
  const members: string[] = [];
  for (const [key, value] of Object.entries(answer)) {
    if (value === undefined || typeof value === 'function') continue;
    members.push(`${JSON.stringify(key)}:${memberJson(value)}`);
  }
  return `{${members.join(',')}}`;
}

function memberJson(value: unknown): string {
  if (Array.isArray(value) && !Object.isFrozen(value)) return `[${value.map((item) => (isObject(item) ? frozenJson(item) : (JSON.stringify(item) ?? 'null'))).join(',')}]`;
  return isObject(value) ? frozenJson(value) : JSON.stringify(value);
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
