/**
 * Where a JSON value ends in a text that may still be arriving, found without building it: strings
 * are skipped with native `indexOf`, everything else is a short loop over character codes, so that
 * finding the extent of a 3 KB catalog entry costs a fraction of parsing it. Only the structure is
 * checked (strings, brackets); `JSON.parse` checks the rest when a value is read. Each function
 * returns -1 when the text ends before the value does: call again with more text. A character that
 * cannot start a value is a SyntaxError, as from `JSON.parse`.
 */

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, COMMA, OPEN_ARRAY, OPEN_OBJECT, QUOTE, SPACE } from './json-characters.js';

/** The index of the first character at or after `from` that is not JSON whitespace. */
export function skipWhitespace(text: string, from: number): number {
  let index = from;
  // Space, tab, newline, carriage return: every other character below 0x21 is invalid JSON anyway.
  while (index < text.length && text.charCodeAt(index) <= SPACE) index += 1;
  return index;
}

/** The index after the string whose opening quote is at `quote`, or -1. */
export function stringEnd(text: string, quote: number): number {
  for (let from = quote + 1; ; ) {
    const close = text.indexOf('"', from);
    if (close < 0) return -1;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes += 1;
    if (backslashes % 2 === 0) return close + 1;
    from = close + 1; // an escaped quote: the string goes on
  }
}

/** Whether the string from `quote` to `end` (as `stringEnd` found it) has no escape sequence. */
export function isPlainString(text: string, quote: number, end: number): boolean {
  for (let index = quote + 1; index < end - 1; index += 1) {
    if (text.charCodeAt(index) === BACKSLASH) return false;
  }
  return true;
}

/** The index after the object or array that opens at `open`, or -1. */
function containerEnd(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; ) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = stringEnd(text, index);
      if (index < 0) return -1;
      continue;
    }
    index += 1;
    if (code === OPEN_OBJECT || code === OPEN_ARRAY) depth += 1;
    else if ((code === CLOSE_OBJECT || code === CLOSE_ARRAY) && --depth === 0) return index;
  }
  return -1;
}

/** A number, `true`, `false` or `null`: the index after it. */
function scalarEnd(text: string, start: number): number {
  let index = start;
  for (; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === COMMA || code === CLOSE_OBJECT || code === CLOSE_ARRAY || code <= SPACE) break;
  }
  return index;
}

/** The index after the value that starts at `start` (its first character, not whitespace), or -1. */
export function valueEnd(text: string, start: number): number {
  if (start >= text.length) return -1;
  const code = text.charCodeAt(start);
  if (code === QUOTE) return stringEnd(text, start);
  if (code === OPEN_OBJECT || code === OPEN_ARRAY) return containerEnd(text, start);
  const end = scalarEnd(text, start);
  if (end === start) throw new SyntaxError(`Unexpected "${text[start] ?? ''}" where a JSON value should start`);
  // A number at the very end may go on in the next piece of text.
  return end >= text.length ? -1 : end;
}
