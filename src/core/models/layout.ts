/** Between the column-major features every model is given and the row-major matrices networks want. */
import type { FeatureColumns } from './data';

/** rows × features, row-major, in float32 (what a tfjs tensor holds). */
export function rowMajorFloat32({ rows, columns }: FeatureColumns): Float32Array {
  const d = columns.length;
  const out = new Float32Array(rows * d);
  for (let j = 0; j < d; j++) {
    const column = columns[j];
    for (let i = 0, at = j; i < rows; i++, at += d) out[at] = column[i];
  }
  return out;
}
