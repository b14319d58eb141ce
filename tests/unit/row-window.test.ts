/**
 * The rows viewer's arithmetic (src/app/row-window.ts): which rows a scroll position renders and
 * where, and where each key scrolls to. Expected figures are worked out by hand in the comments.
 */
import { describe, expect, it } from 'vitest';
import { bodyHeight, firstRowAt, isScrollKey, MAX_BODY_PX, rowAfterKey, rowWindow, scrollForKey, scrollTopFor, type KeyScroll, type RowLayout } from '../../src/app/row-window';

// 1,000 rows of 30 px under a viewport of 300 px (10 rows): the body is 30,000 px and scrolls 29,700.
const small: RowLayout = { rowCount: 1000, rowHeight: 30, viewport: 300 };
// A million rows of 30 px would be 30,000,000 px: the body is MAX_BODY_PX (8,000,000) and scrolls 7,999,700,
// while the rows would scroll 29,999,700.
const large: RowLayout = { rowCount: 1_000_000, rowHeight: 30, viewport: 300 };

describe('rowWindow on a table within the height limit', () => {
  it('renders the rows in view and the overscan, padded to the body height', () => {
    expect(bodyHeight(small)).toBe(30_000);
    // Top: rows 0–9 in view, 5 more below; 15 rows of 30 px leave 29,550 px below.
    expect(rowWindow(small, 0, 5)).toEqual({ start: 0, end: 15, before: 0, after: 29_550 });
    // 3,015 px: row 100.5 at the top, rows 100–110 in view; 95–115 rendered from 2,850 px; 21 rows leave 30,000 − 2,850 − 630.
    expect(firstRowAt(small, 3015)).toBe(100.5);
    expect(rowWindow(small, 3015, 5)).toEqual({ start: 95, end: 116, before: 2850, after: 26_520 });
    // The end (and beyond it, clamped): rows 990–999 in view, 985–999 rendered, nothing below.
    expect(rowWindow(small, 29_700, 5)).toEqual({ start: 985, end: 1000, before: 29_550, after: 0 });
    expect(rowWindow(small, 50_000, 5)).toEqual(rowWindow(small, 29_700, 5));
  });

  it('renders every row of a table that fits, with no padding', () => {
    const fits = { rowCount: 4, rowHeight: 30, viewport: 120 };
    expect(rowWindow(fits, 0, 5)).toEqual({ start: 0, end: 4, before: 0, after: 0 });
    expect(rowWindow({ rowCount: 0, rowHeight: 30, viewport: 120 }, 0, 5)).toEqual({ start: 0, end: 0, before: 0, after: 0 });
  });

  it('puts a row at the top with scrollTopFor, within the ends', () => {
    expect(scrollTopFor(small, 100)).toBe(3000);
    expect(scrollTopFor(small, -3)).toBe(0);
    // The last ten rows fill the viewport: no row can be higher than 990.
    expect(scrollTopFor(small, 1000)).toBe(29_700);
  });
});

describe('rowWindow past the height limit', () => {
  it('maps the scroll positions onto the rows proportionally: first row at the top, last at the bottom', () => {
    expect(bodyHeight(large)).toBe(MAX_BODY_PX);
    expect(rowWindow(large, 0, 5)).toEqual({ start: 0, end: 15, before: 0, after: MAX_BODY_PX - 450 });
    // Half way (3,999,850 of 7,999,700) is half the rows' scroll, 14,999,850 px: row 499,995 at the top.
    expect(firstRowAt(large, 3_999_850)).toBeCloseTo(499_995, 6);
    expect(scrollTopFor(large, 499_995)).toBeCloseTo(3_999_850, 6);
    // The end: rows 999,990–999,999 fill the viewport, the last row's bottom at the body's end (8,000,000).
    const end = rowWindow(large, 7_999_700, 5);
    expect(end.start).toBe(999_985);
    expect(end.end).toBe(1_000_000);
    expect(end.before).toBeCloseTo(7_999_550, 6);
    expect(end.before + (end.end - end.start) * 30).toBeCloseTo(MAX_BODY_PX, 6);
    expect(end.after).toBe(0);
    expect(scrollTopFor(large, 1_000_000)).toBe(7_999_700);
  });

  it('places the row at the top of the viewport at the scroll position, at any position', () => {
    for (const layout of [small, large]) {
      const max = bodyHeight(layout) - layout.viewport;
      for (const fraction of [0, 0.001, 0.25, 0.5, 0.7731, 0.999, 1]) {
        const scrollTop = fraction * max;
        const { start, before } = rowWindow(layout, scrollTop, 5);
        const first = firstRowAt(layout, scrollTop);
        expect(before + (first - start) * layout.rowHeight).toBeCloseTo(scrollTop, 5);
        // The rendered rows and the padding fill the body: within the limit exactly, so the scrollbar's length stays;
        // past it the last rows' overscan may hang below the body's end, by less than the overscan.
        const w = rowWindow(layout, scrollTop, 5);
        const laidOut = w.before + (w.end - w.start) * layout.rowHeight + w.after;
        if (layout === small) expect(laidOut).toBe(bodyHeight(layout));
        else expect(laidOut - bodyHeight(layout)).toBeGreaterThanOrEqual(-1e-6);
        expect(laidOut - bodyHeight(layout)).toBeLessThan(5 * layout.rowHeight);
      }
    }
  });
});

describe('keys', () => {
  it('knows the keys it scrolls by', () => {
    expect(['ArrowDown', 'ArrowUp', 'PageDown', 'PageUp', 'Home', 'End'].every(isScrollKey)).toBe(true);
    expect(['ArrowLeft', 'ArrowRight', 'Tab', ' ', 'Enter'].some(isScrollKey)).toBe(false);
  });

  it('moves a row, a viewport less a row, or to either end', () => {
    // Ten rows in view: a page is nine rows, so the last row in view comes to the top.
    expect(rowAfterKey(small, 0, 'ArrowDown')).toBe(1);
    expect(rowAfterKey(small, 0, 'ArrowUp')).toBe(0);
    expect(rowAfterKey(small, 4, 'ArrowUp')).toBe(3);
    // Half of row 4 scrolled past: down brings row 5 to the top, up shows row 4 whole.
    expect(rowAfterKey(small, 4.5, 'ArrowDown')).toBe(5);
    expect(rowAfterKey(small, 4.5, 'ArrowUp')).toBe(4);
    // A position rounded a hair short of a row counts as that row.
    expect(rowAfterKey(small, 3.998, 'ArrowDown')).toBe(5);
    expect(rowAfterKey(small, 4.002, 'ArrowUp')).toBe(3);
    expect(rowAfterKey(small, 0, 'PageDown')).toBe(9);
    expect(rowAfterKey(small, 20, 'PageUp')).toBe(11);
    expect(rowAfterKey(small, 5, 'PageUp')).toBe(0);
    expect(rowAfterKey(small, 500, 'Home')).toBe(0);
    expect(rowAfterKey(small, 0, 'End')).toBe(1000);
  });

  it('End then scrolls to the last rows, of a small table and a large one', () => {
    for (const layout of [small, large]) {
      const top = scrollTopFor(layout, rowAfterKey(layout, 0, 'End'));
      expect(top).toBe(bodyHeight(layout) - layout.viewport);
      expect(rowWindow(layout, top, 5).end).toBe(layout.rowCount);
      expect(firstRowAt(layout, top)).toBeCloseTo(layout.rowCount - 10, 6);
    }
  });

  it('moves one row a key, past the height limit too, where the box rounds its scroll position to whole pixels (several rows each)', () => {
    // Rows of 31.3 px: past the limit a pixel is some 3.9 rows, and rounding lands anywhere between rows.
    const odd: RowLayout = { rowCount: 999_983, rowHeight: 31.3, viewport: 313 };
    for (const layout of [small, large, odd]) {
      // The box as a browser keeps it: what is set is read back rounded.
      let scrollTop = 0;
      let keyed: KeyScroll | undefined;
      const press = (key: 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'End') => {
        const next = scrollForKey(layout, scrollTop, key, keyed);
        scrollTop = Math.round(next.top);
        keyed = { top: scrollTop, row: next.row };
        return next.row;
      };
      expect(press('PageDown')).toBe(9);
      expect(press('ArrowDown')).toBe(10);
      expect(press('ArrowDown')).toBe(11);
      expect(press('ArrowUp')).toBe(10);
      expect(press('End')).toBe(layout.rowCount - 10);
      expect(press('ArrowUp')).toBe(layout.rowCount - 11);
      expect(press('ArrowUp')).toBe(layout.rowCount - 12);
      expect(press('ArrowDown')).toBe(layout.rowCount - 11);
      // Scrolled some other way (the wheel): the row at the top is read from the position again.
      scrollTop = scrollTopFor(layout, 800);
      expect(press('ArrowDown')).toBe(801);
      // And then a row a key, a hundred times down and back up there (in `odd`, rows 825–834 read back from
      // their rounded positions some 0.02 rows off, beyond any slack for rounding), and up from the end.
      expect(Array.from({ length: 100 }, () => press('ArrowDown'))).toEqual(Array.from({ length: 100 }, (_, i) => 802 + i));
      expect(Array.from({ length: 100 }, () => press('ArrowUp'))).toEqual(Array.from({ length: 100 }, (_, i) => 900 - i));
      press('End');
      expect(Array.from({ length: 100 }, () => press('ArrowUp'))).toEqual(Array.from({ length: 100 }, (_, i) => layout.rowCount - 11 - i));
    }
  });
});
