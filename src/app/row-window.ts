/**
 * The arithmetic of a rows viewer that renders only the rows in view (VirtualRowsTable): which rows
 * a scroll position shows, where they sit, and where a key press scrolls to. Every row has the same
 * height, so row r's top is r × rowHeight below the header.
 *
 * Browsers cap an element's height (Firefox near 17.9 million px, Chrome near 33.5 million), and a
 * million rows of 30 px would pass both; past MAX_BODY_PX the body is that tall and a scroll
 * position maps onto the rows proportionally (the first row at the top, the last at the bottom).
 */

/** The tallest body the viewer lays out; taller tables scroll proportionally. */
export const MAX_BODY_PX = 8_000_000;

export interface RowLayout {
  rowCount: number;
  /** One row's height (px). */
  rowHeight: number;
  /** The height that shows body rows (px): the scrolling box's inner height less its sticky header. */
  viewport: number;
}

/** The rows rendered for a scroll position: [start, end), the body's padding above them and below. */
export interface RowWindow {
  start: number;
  end: number;
  /** Space above the first rendered row (px), below the header. */
  before: number;
  /** Space below the last rendered row (px), to the body's end. */
  after: number;
}

/** The height the body is laid out at (px). */
export function bodyHeight({ rowCount, rowHeight }: RowLayout): number {
  return Math.min(rowCount * rowHeight, MAX_BODY_PX);
}

/** How far the body scrolls (px): 0 when every row fits. */
function maxScroll(layout: RowLayout): number {
  return Math.max(0, bodyHeight(layout) - layout.viewport);
}

/** How far the rows would scroll laid out at full height (px). */
function fullScroll({ rowCount, rowHeight, viewport }: RowLayout): number {
  return Math.max(0, rowCount * rowHeight - viewport);
}

/** Whether the body is shorter than its rows (past MAX_BODY_PX), so scrolling maps proportionally. */
function scaled(layout: RowLayout): boolean {
  return layout.rowCount * layout.rowHeight > MAX_BODY_PX && maxScroll(layout) > 0;
}

/** The row at the top of the viewport for a scroll position, with the fraction of it scrolled past (row 2.5: half of row 2 is above). */
export function firstRowAt(layout: RowLayout, scrollTop: number): number {
  const top = Math.min(Math.max(0, scrollTop), maxScroll(layout));
  const y = scaled(layout) ? (top * fullScroll(layout)) / maxScroll(layout) : top;
  return y / layout.rowHeight;
}

/** The scroll position that puts `row` (fractional rows allowed) at the top, as near as the ends allow. */
export function scrollTopFor(layout: RowLayout, row: number): number {
  const y = Math.min(Math.max(0, row * layout.rowHeight), fullScroll(layout));
  return scaled(layout) ? (y * maxScroll(layout)) / fullScroll(layout) : y;
}

/** The rows to render at a scroll position: those in view and `overscan` more on each side. */
export function rowWindow(layout: RowLayout, scrollTop: number, overscan: number): RowWindow {
  const { rowCount, rowHeight, viewport } = layout;
  const first = firstRowAt(layout, scrollTop);
  const start = Math.max(0, Math.floor(first) - overscan);
  const end = Math.min(rowCount, Math.ceil(first + viewport / rowHeight) + overscan);
  // Unscaled, row r sits at r × rowHeight; scaled, the first row in view sits at the scroll position and the others around it.
  const top = Math.min(Math.max(0, scrollTop), maxScroll(layout));
  const before = scaled(layout) ? top - (first - start) * rowHeight : start * rowHeight;
  // Scaled, the last rows' overscan may hang past the body's end: the body then grows by less than those rows, never shrinks below.
  const after = Math.max(0, bodyHeight(layout) - before - (end - start) * rowHeight);
  return { start, end, before, after };
}

/** Keys that scroll the viewer by rows. */
export type ScrollKey = 'ArrowDown' | 'ArrowUp' | 'PageDown' | 'PageUp' | 'Home' | 'End';

export function isScrollKey(key: string): key is ScrollKey {
  return key === 'ArrowDown' || key === 'ArrowUp' || key === 'PageDown' || key === 'PageUp' || key === 'Home' || key === 'End';
}

/**
 * The row a key brings to the top, from the row at the top now (`first`, fractional): a row down or
 * up (a row partly scrolled past counts as the one at the top), a viewport less one row down or up,
 * the first or the last rows.
 */
export function rowAfterKey(layout: RowLayout, first: number, key: ScrollKey): number {
  // Scroll positions are rounded to device pixels: a row a hair from the top counts as at the top.
  const slack = 0.01;
  const page = Math.max(1, Math.floor(layout.viewport / layout.rowHeight) - 1);
  switch (key) {
    case 'ArrowDown':
      return Math.floor(first + slack) + 1;
    case 'ArrowUp':
      return Math.max(0, Math.ceil(first - slack) - 1);
    case 'PageDown':
      return Math.floor(first + slack) + page;
    case 'PageUp':
      return Math.max(0, Math.ceil(first - slack) - page);
    case 'Home':
      return 0;
    case 'End':
      return layout.rowCount;
  }
}

/** Where a key left the rows: the scroll position as the box reports it, and the row at the top. */
export interface KeyScroll {
  top: number;
  row: number;
}

/**
 * The scroll position a key asks for, and the row it brings to the top. Browsers round scroll
 * positions (to whole or device pixels), and past MAX_BODY_PX a pixel is several rows' worth: the
 * row the last key brought to the top (`previous`, its `top` as the box reported it back) is trusted
 * while the box is still there, so a row down is always one row.
 */
export function scrollForKey(layout: RowLayout, scrollTop: number, key: ScrollKey, previous?: KeyScroll): KeyScroll {
  const first = previous && previous.top === scrollTop ? previous.row : firstRowAt(layout, scrollTop);
  const row = Math.min(rowAfterKey(layout, first, key), fullScroll(layout) / layout.rowHeight);
  return { top: scrollTopFor(layout, row), row };
}

