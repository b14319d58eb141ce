import { describe, expect, it } from 'vitest';
import { detectDateFormat, parseDateAs } from '../../src/core/table/date-formats';

const utc = (y: number, m: number, d: number, h = 0, mi = 0, s = 0) => Date.UTC(y, m - 1, d, h, mi, s);

describe('parseDateAs', () => {
  it('reads each format, with and without a time of day', () => {
    expect(parseDateAs('15/01/2023', 'dmy')).toBe(utc(2023, 1, 15));
    expect(parseDateAs('15.01.2023 10:30', 'dmy')).toBe(utc(2023, 1, 15, 10, 30));
    expect(parseDateAs('1-2-2023', 'dmy')).toBe(utc(2023, 2, 1));
    expect(parseDateAs('01/15/2023', 'mdy')).toBe(utc(2023, 1, 15));
    expect(parseDateAs('1/15/2023 2:05:09 PM', 'mdy')).toBe(utc(2023, 1, 15, 14, 5, 9));
    expect(parseDateAs('12/31/1999 12:00 AM', 'mdy')).toBe(utc(1999, 12, 31, 0, 0));
    expect(parseDateAs('Jan 15, 2023', 'mon_d_y')).toBe(utc(2023, 1, 15));
    expect(parseDateAs('September 3 2021', 'mon_d_y')).toBe(utc(2021, 9, 3));
    expect(parseDateAs('Sept. 3rd, 2021, 08:15', 'mon_d_y')).toBe(utc(2021, 9, 3, 8, 15));
    expect(parseDateAs('15 Jan 2023', 'd_mon_y')).toBe(utc(2023, 1, 15));
    expect(parseDateAs('15-JAN-23', 'd_mon_y')).toBe(utc(2023, 1, 15));
    expect(parseDateAs('1st March 1970 23:59', 'd_mon_y')).toBe(utc(1970, 3, 1, 23, 59));
    expect(parseDateAs('20230115', 'ymd_compact')).toBe(utc(2023, 1, 15));
    expect(parseDateAs('2023-01-15 10:30', 'iso')).toBe(utc(2023, 1, 15, 10, 30));
  });

  it('reads two-digit years as strptime does: 69–99 in the 1900s, 00–68 in the 2000s', () => {
    expect(parseDateAs('15/01/68', 'dmy')).toBe(utc(2068, 1, 15));
    expect(parseDateAs('15/01/69', 'dmy')).toBe(utc(1969, 1, 15));
  });

  it('refuses impossible dates, times and other formats', () => {
    for (const [text, format] of [
      ['31/02/2023', 'dmy'],
      ['13/13/2023', 'mdy'],
      ['15/01/2023', 'mdy'],
      ['Foo 15, 2023', 'mon_d_y'],
      ['15 Jan 2023 25:00', 'd_mon_y'],
      ['1/15/2023 13:00 PM', 'mdy'],
      ['20230230', 'ymd_compact'],
      ['12345678', 'ymd_compact'],
      ['2023-01-15', 'dmy'],
      ['', 'iso'],
    ] as const) {
      expect(parseDateAs(text, format), `${text} as ${format}`).toBeNaN();
    }
  });
});

describe('detectDateFormat', () => {
  it('tells day-first from month-first by a number above 12', () => {
    expect(detectDateFormat(['03/01/2023', '15/01/2023', '04/02/2023'])).toEqual({ format: 'dmy', examined: 3, parsed: 3, ambiguous: false });
    expect(detectDateFormat(['01/03/2023', '01/15/2023', '02/04/2023'])).toEqual({ format: 'mdy', examined: 3, parsed: 3, ambiguous: false });
  });

  it('assumes month-first and says so when no day is above 12', () => {
    expect(detectDateFormat(['01/03/2023', '02/04/2023'])).toEqual({ format: 'mdy', examined: 2, parsed: 2, ambiguous: true });
  });

  it('finds the named-month, compact and ISO formats', () => {
    expect(detectDateFormat(['Jan 15, 2023', 'Feb 1, 2023'])?.format).toBe('mon_d_y');
    expect(detectDateFormat(['15 Jan 2023', '1 Feb 2023'])?.format).toBe('d_mon_y');
    expect(detectDateFormat(['20230115', '19991231'])?.format).toBe('ymd_compact');
    expect(detectDateFormat(['2023-01-15 10:30', '2023-02-01 09:00'])?.format).toBe('iso');
  });

  it('takes a format that reads at least 95% of the values, and none below', () => {
    const dates = Array.from({ length: 19 }, (_, i) => `${i + 1}/01/2023`);
    expect(detectDateFormat([...dates, 'unknown'])).toEqual({ format: 'dmy', examined: 20, parsed: 19, ambiguous: false });
    expect(detectDateFormat([...dates.slice(0, 18), 'unknown', 'soon'])).toBeNull();
    expect(detectDateFormat(['red', 'green'])).toBeNull();
    expect(detectDateFormat([])).toBeNull();
  });
});
