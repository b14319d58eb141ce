/**
 * parseNumber (table/kinds.ts) on a span of a larger string, without cutting the span out first:
 * a numeric column is millions of cells, and a substring per cell is most of the cost of reading
 * it. Plain decimals with at most 15 digits and a small exponent are converted here; anything
 * else goes through parseNumber on the substring, so both always agree.
 */
import { parseNumber } from '../table/kinds';

/** Powers of ten that are exact doubles (10^22 is the largest). */
const EXACT_POWERS = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
/** Any 15-digit integer is an exact double. */
const MAX_DIGITS = 15;

/**
 * The number `text[start, end)` spells, NaN when it is not one (exactly parseNumber's answer).
 * The fast path is Clinger's: when the digits form an exact double m and the decimal exponent e
 * has |e| ≤ 22, m × 10^e (or m / 10^-e) is one correctly rounded operation on exact operands, which
 * is the correctly rounded value that JavaScript's own string-to-number conversion returns.
 */
export function parseNumberSpan(text: string, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = text.charCodeAt(i);
  if (c === 45 || c === 43) {
    negative = c === 45;
    c = text.charCodeAt(++i);
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  while (i < end && c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = text.charCodeAt(++i);
  }
  if (i < end && c === 46) {
    c = text.charCodeAt(++i);
    while (i < end && c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      scale--;
      c = text.charCodeAt(++i);
    }
  }
  if (i < end && (c | 32) === 101 && digits > 0) {
    c = text.charCodeAt(++i);
    let exponentNegative = false;
    if (c === 45 || c === 43) {
      exponentNegative = c === 45;
      c = text.charCodeAt(++i);
    }
    let exponent = 0;
    const exponentStart = i;
    while (i < end && c >= 48 && c <= 57 && exponent < 1000) {
      exponent = exponent * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    if (i === exponentStart) return NaN;
    scale += exponentNegative ? -exponent : exponent;
  }
  // Whitespace, hexadecimal, Infinity, too many digits, a large exponent: the general path decides.
  if (i !== end || digits === 0 || digits > MAX_DIGITS || scale > 22 || scale < -22) {
    return start === end ? NaN : parseNumber(text.slice(start, end));
  }
  const value = scale >= 0 ? mantissa * EXACT_POWERS[scale] : mantissa / EXACT_POWERS[-scale];
  return negative ? -value : value;
}
