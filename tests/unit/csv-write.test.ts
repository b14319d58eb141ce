/** The prediction file, written piece by piece: the same text as one papaparse call over every row, and read back cell for cell. */
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseCsvStrings } from '../../src/core/csv/parse';
import { csvPieces } from '../../src/core/csv/write';
import type { PredictionColumn } from '../../src/core/pipeline/predict';
import type { Table } from '../../src/core/table/table';

const table: Table = {
  rowCount: 7,
  columns: [
    { name: 'n', kind: 'numeric', values: Float64Array.of(1.5, NaN, -2, 0, 1e21, 3, 4) },
    { name: 'c,1', kind: 'categorical', codes: Int32Array.of(0, 1, -1, 0, 1, 1, 0), categories: ['a "quoted"', 'line\nbreak'] },
    { name: 't', kind: 'text', values: [' lead', null, 'x', 'tail ', '', 'é', 'semi;colon'] },
  ],
};
const predicted: PredictionColumn[] = [
  { name: 'predicted_y', values: ['yes', 'no', 'yes', 'no', 'yes', 'no', 'yes'] },
  { name: 'proba_yes', values: Float64Array.of(0.9, 0.1, NaN, 0.25, 1, 0, 0.5) },
];

describe('csvPieces', () => {
  it('joins to the text one papaparse call over every row writes, in pieces of the given rows plus the header', () => {
    const pieces = [...csvPieces(table, predicted, 3)];
    expect(pieces).toHaveLength(1 + 3);
    const expected =
      Papa.unparse(
        {
          fields: ['n', 'c,1', 't', 'predicted_y', 'proba_yes'],
          data: [
            ['1.5', 'a "quoted"', ' lead', 'yes', '0.9'],
            ['', 'line\nbreak', '', 'no', '0.1'],
            ['-2', '', 'x', 'yes', ''],
            ['0', 'a "quoted"', 'tail ', 'no', '0.25'],
            ['1e+21', 'line\nbreak', '', 'yes', '1'],
            ['3', 'line\nbreak', 'é', 'no', '0'],
            ['4', 'a "quoted"', 'semi;colon', 'yes', '0.5'],
          ],
        },
        { newline: '\n' },
      ) + '\n';
    expect(pieces.join('')).toBe(expected);
  });

  it('reads back as the same cells', async () => {
    const raw = await parseCsvStrings([...csvPieces(table, predicted, 2)].join(''), { dialect: { header: true } });
    expect(raw.errors).toEqual([]);
    expect(raw.header).toEqual(['n', 'c,1', 't', 'predicted_y', 'proba_yes']);
    expect(raw.columns[1]).toEqual(['a "quoted"', 'line\nbreak', '', 'a "quoted"', 'line\nbreak', 'line\nbreak', 'a "quoted"']);
    expect(raw.columns[2]).toEqual([' lead', '', 'x', 'tail ', '', 'é', 'semi;colon']);
  });

  it('writes the header alone for a table without rows', () => {
    expect([...csvPieces({ rowCount: 0, columns: table.columns.map((c) => ({ ...c })) })]).toEqual(['n,"c,1",t\n']);
  });
});
