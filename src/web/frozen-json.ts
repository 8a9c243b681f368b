const texts = new WeakMap<object, string>();

/**
 * JSON.stringify(value), written once for a frozen object (in ASCII, see asciiJson): a frozen object
 * cannot change, so its text is kept beside it for as long as the object lives. Anything not frozen
 * is written afresh each time.
 * For the large shared parts of answers (interaction findings, CDS cards) that many answers repeat.
 */
export function frozenJson(value: object): string {
  let text = texts.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    if (Object.isFrozen(value)) {
      text = asciiJson(text);
      texts.set(value, text);
    }
  }
  return text;
}

/**
 * The same JSON with every character outside printable ASCII written as a \u escape (JSON.stringify
 * leaves no raw control character, so these are the non-ASCII ones and DEL). One "…" in a CDS card
 * summary made every answer holding that card a two-byte string in V8, which costs more to measure
 * and encode for the socket (Buffer.byteLength: 2.3 µs for a 5.7 kB answer, 0.5 µs for an ASCII
 * one of the same size). Done once, for text that is remembered.
 */
export function asciiJson(json: string): string {
  return /[^ -~]/.test(json) ? json.replace(/[^ -~]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`) : json;
}

/** Writers for particular members of an answer, by member name: each must return that member's JSON. */
export type MemberWriters = Readonly<Record<string, (value: never) => string>>;

/**
 * JSON.stringify(answer) for an answer object whose members, or the items of whose array members,
 * are often frozen shared objects: those are written once (frozenJson), the rest afresh. The same
 * JSON value as JSON.stringify (members that are undefined are left out, as it leaves them out), and
 * the same text but that frozen parts write non-ASCII characters as escapes (asciiJson).
 * `writers` write the named members instead (a serialiser compiled from the member's schema, say).
 */
export function answerJson(answer: object, writers?: MemberWriters): string {
  // Built with += rather than arrays and join: V8 concatenates strings lazily, and this ran 15–20%
  // faster on plan and interaction answers.
  let text = '{';
  for (const key of Object.keys(answer)) {
    const value = (answer as Record<string, unknown>)[key];
    if (value === undefined || typeof value === 'function') continue;
    if (text.length > 1) text += ',';
    const writer = writers?.[key] as ((value: unknown) => string) | undefined;
    text += `${JSON.stringify(key)}:${writer ? writer(value) : memberJson(value)}`;
  }
  return `${text}}`;
}

function memberJson(value: unknown): string {
  if (!Array.isArray(value) || Object.isFrozen(value)) return isObject(value) ? frozenJson(value) : JSON.stringify(value);
  let text = '[';
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (i > 0) text += ',';
    text += isObject(item) ? frozenJson(item) : (JSON.stringify(item) ?? 'null');
  }
  return `${text}]`;
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
