/**
 * Checks for setting values given as text, shared by the CLI and functions (`lib/config.ts`, from
 * environment variables) and the stack (`infra/config/`, from CDK context). Each side words its own
 * message around the answer; the rule itself lives only here.
 */

/** The range a numeric setting must fall in. */
export interface NumberBounds {
  readonly min: number;
  readonly max: number;
  /** Whole numbers only, written as plain digits ("30", not "3e1" or "30.0"). @default false */
  readonly integer?: boolean;
}

/**
 * The number `text` spells when it lies within `bounds`, or undefined when it does not.
 *
 * @example
 * parseBoundedNumber('30', { min: 1, max: 1440, integer: true }); // 30
 * parseBoundedNumber('1.5', { min: 1, max: 10, integer: true }); // undefined
 */
export function parseBoundedNumber(text: string, bounds: NumberBounds): number | undefined {
  if (bounds.integer === true && !/^-?\d+$/.test(text)) return undefined;
  const value = Number(text);
  if (text === '' || !Number.isFinite(value) || value < bounds.min || value > bounds.max) return undefined;
  return value;
}

/** `true` or `false` in any case; undefined for anything else ("yes", "1"). */
export function parseBooleanText(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return undefined;
}

/** Why a text is not an http(s) base URL. */
export type HttpUrlProblem = 'not-a-url' | 'not-http';

/** What is wrong with `text` as an http or https URL (loopback included), or undefined when nothing is. */
export function httpUrlProblem(text: string): HttpUrlProblem | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'not-a-url';
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'not-http';
}

/**
 * Whether a URL is plain `http:` (its key would cross the network in clear), by the parsed scheme,
 * so `HTTP://` counts too; text that is not a URL is not plain http.
 */
export function isPlainHttpUrl(text: string): boolean {
  return URL.canParse(text) && new URL(text).protocol === 'http:';
}

/** A base URL without trailing slashes, so paths can be appended with one `/`. */
export function withoutTrailingSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}
