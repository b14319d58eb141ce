/** A table plus appended prediction columns, back to CSV text. */
import Papa from 'papaparse';
import { predictionText, type PredictionColumn } from '../pipeline/predict';
import { cellText, type Table } from '../table/table';

/** Rows per piece: large enough that per-piece costs vanish, small enough that a piece is a few megabytes. */
export const CSV_PIECE_ROWS = 10_000;

/**
 * The CSV text in pieces: the header line, then `rowsPerPiece` rows at a time, each piece ending with
 * a line break. A million rows never exist at once as one string (beyond what a JS string may hold)
 * or as a million arrays of cells: callers write each piece to a file or a Blob as it comes.
 */
export function* csvPieces(table: Table, appended: readonly PredictionColumn[] = [], rowsPerPiece = CSV_PIECE_ROWS): Generator<string> {
  yield Papa.unparse([[...table.columns.map((c) => c.name), ...appended.map((c) => c.name)]], { newline: '\n' }) + '\n';
  for (let start = 0; start < table.rowCount; start += rowsPerPiece) {
    const rows: string[][] = [];
    for (let r = start; r < Math.min(table.rowCount, start + rowsPerPiece); r++) {
      rows.push([...table.columns.map((c) => cellText(c, r)), ...appended.map((c) => predictionText(c, r))]);
    }
    yield Papa.unparse(rows, { newline: '\n' }) + '\n';
  }
}
