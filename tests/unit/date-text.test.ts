import { describe, expect, it } from 'vitest';
import { dateText } from '../../src/core/table/date-text';
import { parseDate, tableFromStrings } from '../../src/core/table/kinds';
import { cellText, previewRows } from '../../src/core/table/table';
import { formatValue } from '../../src/ui/profile/format';

describe('dateText', () => {
  it('shows a date without a time as the date alone', () => {
    expect(dateText(Date.UTC(1990, 0, 8))).toBe('1990-01-08');
    expect(dateText(parseDate('2024-02-29'))).toBe('2024-02-29');
  });

  it('shows a time to the minute, with seconds and milliseconds only when it has them, in UTC', () => {
    expect(dateText(Date.UTC(2024, 0, 31, 13, 45))).toBe('2024-01-31 13:45 UTC');
    expect(dateText(Date.UTC(2024, 0, 31, 0, 0, 7))).toBe('2024-01-31 00:00:07 UTC');
    expect(dateText(Date.UTC(2024, 0, 31, 23, 59, 59, 250))).toBe('2024-01-31 23:59:59.250 UTC');
    // A time with a zone is shown in UTC: 10:00 at +02:00 is 08:00 UTC.
    expect(dateText(parseDate('2024-01-31T10:00+02:00'))).toBe('2024-01-31 08:00 UTC');
    // Without a zone the file's time is kept as it was written.
    expect(dateText(parseDate('2024-01-31 10:00'))).toBe('2024-01-31 10:00 UTC');
  });

  it('is empty for a missing value', () => {
    expect(dateText(NaN)).toBe('');
  });
});

describe('where dates are shown', () => {
  const { table } = tableFromStrings(['when', 'at', 'n'], [['1990-01-08', '', '2001-12-31'], ['2024-01-31 10:00', '2024-01-31T10:00:30.5Z', ''], ['1', '2', '3']]);

  it('previews show dates as dates, date-times readably, missing as empty', () => {
    expect(table.columns.map((c) => c.kind)).toEqual(['date', 'date', 'numeric']);
    expect(previewRows(table, 3)).toEqual([
      ['1990-01-08', '2024-01-31 10:00 UTC', '1'],
      ['', '2024-01-31 10:00:30.500 UTC', '2'],
      ['2001-12-31', '', '3'],
    ]);
  });

  it('the written CSV keeps ISO 8601', () => {
    expect(cellText(table.columns[0], 0)).toBe('1990-01-08T00:00:00.000Z');
  });

  it('the profile formats dates the same way', () => {
    expect(formatValue(Date.UTC(1990, 0, 8), 'date')).toBe('1990-01-08');
    expect(formatValue(Date.UTC(1990, 0, 8, 12), 'date')).toBe('1990-01-08 12:00 UTC');
  });
});
