/** How the profile's numbers read: a few significant digits, dates as dates. */
import type { ColumnKind } from '../../core/table/table';

const number = new Intl.NumberFormat('en', { maximumSignificantDigits: 4 });

export function formatValue(value: number, kind: ColumnKind): string {
  if (!Number.isFinite(value)) return '–';
  if (kind === 'date') {
    const iso = new Date(value).toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  return number.format(value);
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(part > 0 && part < whole / 100 ? 1 : 0)}%` : '–';
}
