/**
 * Conversions from LiteLLM's loosely typed JSON into values that fit the `models` columns.
 * Anything that does not fit becomes null rather than failing the whole sync.
 */

const NUMERIC_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const INT32_MAX = 2_147_483_647;
/** DECIMAL(15,10) holds values below 10^5. */
const COST_LIMIT = 100_000;
const COST_SCALE = 10;

/** A finite number, or a numeric string as older LiteLLM builds send (`"6e-06"`); else null. */
function parseNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && NUMERIC_TEXT.test(value.trim())) {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/** A non-negative whole number that fits an INTEGER column; else null. */
export function parseCount(value: unknown): number | null {
  const parsed = parseNumber(value);
  if (parsed === null || !Number.isInteger(parsed) || parsed < 0 || parsed > INT32_MAX) return null;
  return parsed;
}

/** Sums counts, ignoring unknown ones; null when none is known or the sum overflows INTEGER. */
export function sumCounts(values: (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  if (known.length === 0) return null;
  const total = known.reduce((sum, value) => sum + value, 0);
  return total > INT32_MAX ? null : total;
}

/**
 * The decimal text a value was sent as: a numeric string as is; a JSON number as its shortest
 * round-trip form, which is the text LiteLLM (Python's `repr`) wrote for it.
 */
function decimalText(value: unknown): string | null {
  if (parseNumber(value) === null) return null;
  return typeof value === 'string' ? value.trim() : String(value);
}

/**
 * Rounds a decimal text to `scale` places half away from zero, in exact integer arithmetic, as
 * PostgreSQL does when it stores a numeric. Returns the scaled integer (value × 10^scale), or
 * undefined when it is `limit` or more.
 */
function roundDecimal(text: string, scale: number, limit: bigint): { negative: boolean; scaled: bigint | undefined } {
  const match = /^([+-]?)(\d*)\.?(\d*)(?:e([+-]?\d+))?$/i.exec(text);
  if (match === null) throw new Error(`Not a decimal: ${text}`);
  const [, sign = '', whole = '', fraction = '', exponent = '0'] = match;
  const digits = BigInt(`${whole}${fraction}` || '0');
  const negative = sign === '-' && digits !== 0n;
  if (digits === 0n) return { negative, scaled: 0n };
  // value = digits × 10^shift before scaling; × 10^scale after.
  const shift = Number(exponent) - fraction.length + scale;
  // Decided before any power of ten is built: an exponent of millions takes seconds, of billions throws.
  if (shift >= limit.toString().length) return { negative, scaled: undefined }; // digits ≥ 1: at least 10^shift
  if (shift >= 0) {
    const scaled = digits * 10n ** BigInt(shift);
    return { negative, scaled: scaled < limit ? scaled : undefined };
  }
  // digits < 10^length, so with more places dropped than it has digits it is below half of one: 0.
  if (-shift > digits.toString().length) return { negative, scaled: 0n };
  const divisor = 10n ** BigInt(-shift);
  let scaled = digits / divisor;
  if ((digits % divisor) * 2n >= divisor) scaled += 1n; // half away from zero (on the magnitude)
  // Checked after rounding: 99999.99999999995 becomes 100000.0000000000, which overflows the column.
  return { negative, scaled: scaled < limit ? scaled : undefined };
}

/** DECIMAL(15,10) holds scaled values below 10^15. */
const COST_SCALED_LIMIT = BigInt(COST_LIMIT) * 10n ** BigInt(COST_SCALE);

/**
 * A per-token cost as the decimal text PostgreSQL stores in DECIMAL(15,10) (`"0.0000025000"`),
 * rounded exactly as PostgreSQL rounds the decimal LiteLLM sent, so that a stored value and a
 * wanted value compare exactly and equal what LiteMaaS stores. Negative or out-of-range → null.
 */
export function toCostDecimal(value: unknown): string | null {
  const text = decimalText(value);
  if (text === null) return null;
  const { negative, scaled } = roundDecimal(text, COST_SCALE, COST_SCALED_LIMIT);
  if (negative || scaled === undefined) return null;
  const padded = scaled.toString().padStart(COST_SCALE + 1, '0');
  return `${padded.slice(0, -COST_SCALE)}.${padded.slice(-COST_SCALE)}`;
}

/** The first value that parses as a cost, in the order given. */
export function firstCost(...candidates: unknown[]): string | null {
  for (const candidate of candidates) {
    if (parseNumber(candidate) !== null) return toCostDecimal(candidate);
  }
  return null;
}

// PostgreSQL text cannot hold NUL, and jsonb rejects unpaired UTF-16 surrogates.
// oxlint-disable-next-line no-control-regex
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text PostgreSQL can store: NUL removed, unpaired surrogates replaced. */
export function storableText(text: string): string {
  return text.replace(UNSTORABLE, (match) => (match === '\u0000' ? '' : '\uFFFD'));
}

/** A non-empty string made storable, or null. */
export function nonEmptyText(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const text = storableText(value);
  return text.trim() === '' ? null : text;
}

/**
 * JSON data with every string and key made storable (for jsonb columns), each string value first
 * passed through `cleanText` (e.g. removing URL credentials) in the same walk. Returns the same
 * object when nothing needs changing, so that a large catalog is not copied for nothing.
 */
export function storableJson(value: unknown, cleanText: (text: string) => string = (text) => text): unknown {
  if (typeof value === 'string') return storableText(cleanText(value));
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) {
    const items = value.map((item) => storableJson(item, cleanText));
    return items.every((item, index) => item === value[index]) ? value : items;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    const cleaned = entries.map(([key, item]) => [storableText(key), storableJson(item, cleanText)] as const);
    const unchanged = cleaned.every(([key, item], index) => key === entries[index]?.[0] && item === entries[index]?.[1]);
    return unchanged ? value : Object.fromEntries(cleaned);
  }
  return value;
}
