/** The shared datasets load with the shape, kinds and missing counts their manifest records. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv/parse';
import { profileTable } from '../../src/core/table/profile';
import { suggestTarget } from '../../src/core/table/target';
import { cellText, getColumn } from '../../src/core/table/table';
import { readManifest, readSplit, sharedDatasetsDir } from '../fixtures/shared-manifest';


const manifest = readManifest();

describe('shared datasets', () => {
  it('are the seven the manifest lists', () => {
    expect(manifest).toHaveLength(7);
  });

  for (const d of manifest) {
    it(`${d.name} loads with the manifest's rows, columns, kinds and missing counts`, async () => {
      const bytes = new Uint8Array(readFileSync(`${sharedDatasetsDir}${d.file}`));
      const { table, errors, delimiter, encoding, missingTokens } = await parseCsv(bytes);

      expect(errors).toEqual([]);
      expect({ delimiter, encoding, bytes: bytes.length }).toEqual({ delimiter: d.format.delimiter, encoding: d.format.encoding, bytes: d.format.bytes });
      expect(missingTokens).toEqual(d.format.missing_value_tokens.filter((t) => t !== ''));
      expect(table.rowCount).toBe(d.rows);
      expect(table.columns.map((c) => c.name)).toEqual(Object.keys(d.column_types));
      expect(table.columns).toHaveLength(d.columns);

      // The manifest knows numeric and categorical; a yes/no column is our boolean, a kind of categorical.
      const kinds = Object.fromEntries(table.columns.map((c) => [c.name, c.kind === 'boolean' ? 'categorical' : c.kind]));
      expect(kinds).toEqual(d.column_types);

      const missing = Object.fromEntries(profileTable(table).filter((p) => p.missing > 0).map((p) => [p.name, p.missing]));
      expect(missing).toEqual(d.missing_by_column);

      expect(suggestTarget(table, d.target)).toEqual({ target: d.target, reason: "the dataset's known target", known: true });
      if (d.class_counts) {
        const target = getColumn(table, d.target);
        const counts: Record<string, number> = {};
        for (let r = 0; r < table.rowCount; r++) counts[cellText(target, r)] = (counts[cellText(target, r)] ?? 0) + 1;
        expect(counts).toEqual(d.class_counts);
      }

      // The split files number rows as we do: every index is a row of the table.
      const split = readSplit(d.name);
      expect(split.n_rows).toBe(table.rowCount);
      expect(Math.max(...split.test_indices)).toBeLessThan(table.rowCount);
    });
  }
});
