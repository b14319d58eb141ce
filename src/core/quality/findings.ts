/**
 * The data-quality and privacy findings a model file keeps about the data it was trained on (its
 * model card lists them): the Profile panel's warnings, without their example cells (a model file
 * is shared; the data stays). Tables beyond FINDINGS_ROWS rows are checked on that many rows,
 * evenly spread, as the Profile panel profiles large tables only when asked.
 */
import { filled } from '../arrays';
import { describeColumn } from '../profile/column';
import { targetDistribution } from '../profile/dataset';
import { takeRows, type Table } from '../table/table';
import type { QualityWarning } from './warning';
import { qualityWarnings } from './warnings';

export const FINDINGS_ROWS = 200_000;

export interface DataFindings {
  /** Rows of the data, and how many of them were checked. */
  rows: number;
  checkedRows: number;
  /** Each warning as the Profile panel gives it, examples left out. */
  warnings: Omit<QualityWarning, 'examples'>[];
}

export function dataFindings(table: Table, target: string): DataFindings {
  const n = table.rowCount;
  const checked = n <= FINDINGS_ROWS ? table : takeRows(table, filled(new Int32Array(FINDINGS_ROWS), (i) => Math.floor((i * n) / FINDINGS_ROWS)));
  const details = checked.columns.map(describeColumn);
  const at = checked.columns.findIndex((c) => c.name === target);
  const distribution = at >= 0 ? targetDistribution(checked.columns[at], details[at]) : undefined;
  const warnings = qualityWarnings(checked, details, distribution).map(({ examples: _examples, ...rest }) => rest);
  return { rows: n, checkedRows: checked.rowCount, warnings };
}
