/**
 * The hot loops of every solver: X·w and Xᵀ·r over a block of rows of column-major features. A block
 * of a few thousand rows keeps its slice of the predictor in cache while each feature column streams
 * through once; four features per pass quarter the loads and stores of the accumulator.
 */

/** out[outOffset + i] += Σⱼ w[wOffset + j] · columns[j][start + i], for i < length. */
export function addProduct(
  columns: readonly Float64Array[],
  w: Float64Array,
  wOffset: number,
  start: number,
  length: number,
  out: Float64Array,
  outOffset: number,
): void {
  const d = columns.length;
  let j = 0;
  for (; j + 4 <= d; j += 4) {
    const a = w[wOffset + j];
    const b = w[wOffset + j + 1];
    const c = w[wOffset + j + 2];
    const e = w[wOffset + j + 3];
    if (a === 0 && b === 0 && c === 0 && e === 0) continue;
    const xa = columns[j];
    const xb = columns[j + 1];
    const xc = columns[j + 2];
    const xe = columns[j + 3];
    for (let i = 0; i < length; i++) {
      const r = start + i;
      out[outOffset + i] += a * xa[r] + b * xb[r] + c * xc[r] + e * xe[r];
    }
  }
  for (; j < d; j++) {
    const a = w[wOffset + j];
    if (a === 0) continue;
    const x = columns[j];
    for (let i = 0; i < length; i++) out[outOffset + i] += a * x[start + i];
  }
}

/**
 * For each of `outputs` vectors rₖ = r[rOffset + k·rStride …]: out[k·outStride + j] += Σᵢ columns[j][start + i] · rₖ[i]
 * for every feature j. Four outputs share each load of a feature value (softmax); a single output
 * (binary, regression) shares each load of rₖ between four features instead.
 */
export function addTransposedProducts(
  columns: readonly Float64Array[],
  r: Float64Array,
  rOffset: number,
  rStride: number,
  outputs: number,
  start: number,
  length: number,
  out: Float64Array,
  outStride: number,
): void {
  const d = columns.length;
  let k = 0;
  for (; k + 4 <= outputs; k += 4) {
    const r0 = rOffset + k * rStride;
    const r1 = r0 + rStride;
    const r2 = r1 + rStride;
    const r3 = r2 + rStride;
    for (let j = 0; j < d; j++) {
      const x = columns[j];
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < length; i++) {
        const v = x[start + i];
        a0 += v * r[r0 + i];
        a1 += v * r[r1 + i];
        a2 += v * r[r2 + i];
        a3 += v * r[r3 + i];
      }
      out[k * outStride + j] += a0;
      out[(k + 1) * outStride + j] += a1;
      out[(k + 2) * outStride + j] += a2;
      out[(k + 3) * outStride + j] += a3;
    }
  }
  for (; k < outputs; k++) {
    const r0 = rOffset + k * rStride;
    const o = k * outStride;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const x0 = columns[j];
      const x1 = columns[j + 1];
      const x2 = columns[j + 2];
      const x3 = columns[j + 3];
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      for (let i = 0; i < length; i++) {
        const v = r[r0 + i];
        const row = start + i;
        a0 += x0[row] * v;
        a1 += x1[row] * v;
        a2 += x2[row] * v;
        a3 += x3[row] * v;
      }
      out[o + j] += a0;
      out[o + j + 1] += a1;
      out[o + j + 2] += a2;
      out[o + j + 3] += a3;
    }
    for (; j < d; j++) {
      const x = columns[j];
      let a = 0;
      for (let i = 0; i < length; i++) a += x[start + i] * r[r0 + i];
      out[o + j] += a;
    }
  }
}

export function sum(values: Float64Array, start: number, length: number): number {
  let total = 0;
  for (let i = start; i < start + length; i++) total += values[i];
  return total;
}
