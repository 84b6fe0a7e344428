import { isPlainString, skipWhitespace, stringEnd, valueEnd } from './json-extent.js';
import { CLOSE_OBJECT, COLON, COMMA, OPEN_OBJECT, QUOTE } from './json-characters.js';

/**
 * The members of a catalog entry to read while it streams in: `true` reads a member's value whole;
 * a nested shape reads only those members of it when it is an object (and the value whole when it
 * is not). Everything else is skipped over, not parsed.
 *
 * @example
 * const shape: ViewShape = { model_name: true, model_info: { team_id: true } };
 */
export interface ViewShape {
  readonly [member: string]: true | ViewShape;
}

/** One entry of the model list: its JSON text exactly as sent, and the members its shape reads. */
export interface ScannedEntry {
  text: string;
  /**
   * What `JSON.parse(text)` gives, cut down to the shape: for an object, only the shape's members
   * that it has (duplicates resolved as `JSON.parse` does: the last one wins); any other value whole.
   */
  view: unknown;
}

function unexpected(text: string, at: number): SyntaxError {
  return new SyntaxError(`Unexpected "${text[at] ?? ''}" in a catalog entry`);
}

const memberPatterns = new WeakMap<ViewShape, RegExp>();

/** Any of the shape's member names as a string token, or any backslash (a name may be escaped). */
function memberPattern(shape: ViewShape): RegExp {
  let pattern = memberPatterns.get(shape);
  if (pattern === undefined) {
    const names = Object.keys(shape).map((name) => JSON.stringify(name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    pattern = new RegExp(`\\\\|${names.join('|')}`);
    memberPatterns.set(shape, pattern);
  }
  return pattern;
}

/**
 * Whether an object's text may have one of the shape's members. A member's name is a string
 * token, so a name that appears nowhere, not even escaped, is not there: most objects (75 members
 * of `model_info`, none of them read) are then passed over with one native search.
 */
function mayHoldMembers(objectText: string, shape: ViewShape): boolean {
  return memberPattern(shape).test(objectText);
}

/** The member named by the string from `quote` to `end`, with what the shape reads of it; undefined when not read. */
function wantedMember(shape: ViewShape, text: string, quote: number, end: number): [string, true | ViewShape] | undefined {
  if (!isPlainString(text, quote, end)) {
    const name = JSON.parse(text.slice(quote, end)) as string;
    return Object.hasOwn(shape, name) ? [name, shape[name] as true | ViewShape] : undefined;
  }
  // Most members are not read: compare in place rather than cut each name out of the text.
  for (const name in shape) {
    if (name.length === end - quote - 2 && text.startsWith(name, quote + 1)) return [name, shape[name] as true | ViewShape];
  }
  return undefined;
}

/** Reads the object at `open` down to `shape`; undefined when the text ends first. */
function scanObject(text: string, open: number, shape: ViewShape): { end: number; view: Record<string, unknown> } | undefined {
  const view: Record<string, unknown> = {};
  let index = skipWhitespace(text, open + 1);
  if (index >= text.length) return undefined;
  if (text.charCodeAt(index) === CLOSE_OBJECT) return { end: index + 1, view };
  for (;;) {
    if (index >= text.length) return undefined;
    if (text.charCodeAt(index) !== QUOTE) throw unexpected(text, index);
    const nameEnd = stringEnd(text, index);
    if (nameEnd < 0) return undefined;
    const wanted = wantedMember(shape, text, index, nameEnd);
    index = skipWhitespace(text, nameEnd);
    if (index >= text.length) return undefined;
    if (text.charCodeAt(index) !== COLON) throw unexpected(text, index);
    const start = skipWhitespace(text, index + 1);
    let end: number;
    if (wanted !== undefined && wanted[1] !== true && text.charCodeAt(start) === OPEN_OBJECT) {
      end = valueEnd(text, start);
      if (end < 0) return undefined;
      view[wanted[0]] = mayHoldMembers(text.slice(start, end), wanted[1]) ? scanObject(text, start, wanted[1])?.view : {};
    } else {
      end = valueEnd(text, start);
      if (end < 0) return undefined;
      if (wanted !== undefined) view[wanted[0]] = JSON.parse(text.slice(start, end));
    }
    index = skipWhitespace(text, end);
    if (index >= text.length) return undefined;
    const separator = text.charCodeAt(index);
    if (separator === CLOSE_OBJECT) return { end: index + 1, view };
    if (separator !== COMMA) throw unexpected(text, index);
    index = skipWhitespace(text, index + 1);
  }
}

/**
 * Reads the entry that starts at `start` (its first character): its extent and its view. Undefined
 * when the text ends before the entry does; a SyntaxError when its structure is not JSON.
 */
export function scanEntry(text: string, start: number, shape: ViewShape): { end: number; entry: ScannedEntry } | undefined {
  if (text.charCodeAt(start) === OPEN_OBJECT) {
    const scanned = scanObject(text, start, shape);
    return scanned && { end: scanned.end, entry: { text: text.slice(start, scanned.end), view: scanned.view } };
  }
  // Not an object (null, a number, a list): rare and never a deployment, so simply parsed.
  const end = valueEnd(text, start);
  if (end < 0) return undefined;
  const entryText = text.slice(start, end);
  return { end, entry: { text: entryText, view: JSON.parse(entryText) } };
}
