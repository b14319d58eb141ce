/** A table plus appended prediction columns, back to CSV text. */
import Papa from 'papaparse';
import { predictionText, type PredictionColumn } from '../pipeline/predict';
import { cellText, type Table } from '../table/table';

export function tableToCsv(table: Table, appended: readonly PredictionColumn[] = []): string {
  const header = [...table.columns.map((c) => c.name), ...appended.map((c) => c.name)];
  const rows: string[][] = [];
  for (let r = 0; r < table.rowCount; r++) {
    rows.push([...table.columns.map((c) => cellText(c, r)), ...appended.map((c) => predictionText(c, r))]);
  }
  return Papa.unparse({ fields: header, data: rows }, { newline: '\n' }) + '\n';
}
