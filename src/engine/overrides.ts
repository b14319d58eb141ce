/** The user's column changes to a dataset, applied to each fresh parse of its file. */
import type { DatasetOverrides } from '../core/csv/read-options';
import { CAST_KINDS, castKind } from '../core/steps/cast-kind';
import { withColumns, type Table } from '../core/table/table';

/**
 * The user's column changes, applied to a freshly parsed table: kinds through the cast-kind step
 * (one conversion in the app, the same that a pipeline step does), then exclusions. Overrides of
 * columns the file no longer has (read with another delimiter, say) are skipped.
 */
export function applyColumnOverrides(table: Table, overrides: DatasetOverrides): Table {
  const present = new Set(table.columns.map((c) => c.name));
  let out = table;
  for (const [column, to] of Object.entries(overrides.kinds ?? {})) {
    if (!present.has(column)) continue;
    if (!(CAST_KINDS as readonly string[]).includes(to)) throw new Error(`A column cannot be read as ${to} yet (possible: ${CAST_KINDS.join(', ')})`);
    out = castKind.apply(out, castKind.fit(out, { column, to }, { target: '' }));
  }
  const excluded = (overrides.excluded ?? []).filter((name) => present.has(name));
  return excluded.length ? withColumns(out, [], excluded) : out;
}
