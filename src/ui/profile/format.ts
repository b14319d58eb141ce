/** How the profile's numbers read: a few significant digits, dates as dates. */
import type { ColumnKind } from '../../core/table/table';
import { dateText } from '../../core/table/date-text';

const number = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

export function formatValue(value: number, kind: ColumnKind): string {
  if (!Number.isFinite(value)) return '–';
  if (kind === 'date') return dateText(value);
  return number.format(value);
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(part > 0 && part < whole / 100 ? 1 : 0)}%` : '–';
}
