/**
 * Dense linear algebra on the small d × d systems of the normal equations (row-major, symmetric).
 * d is the number of features, so O(d³) is cheap next to the O(n·d²) it takes to form the matrix.
 */

/**
 * In place: the lower triangle of `a` becomes L with A = L·Lᵀ. Returns false, leaving `a` spoiled,
 * when a pivot is not clearly positive (d·ε of the largest diagonal entry): the matrix is singular or
 * indefinite in floating point.
 */
export function cholesky(a: Float64Array, d: number): boolean {
  let largest = 0;
  for (let j = 0; j < d; j++) largest = Math.max(largest, a[j * d + j]);
  const floor = d * Number.EPSILON * largest;
  for (let j = 0; j < d; j++) {
    let pivot = a[j * d + j];
    for (let k = 0; k < j; k++) pivot -= a[j * d + k] * a[j * d + k];
    if (!(pivot > floor)) return false;
    const root = Math.sqrt(pivot);
    a[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let s = a[i * d + j];
      for (let k = 0; k < j; k++) s -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = s / root;
    }
  }
  return true;
}

/** Solves L·Lᵀ·x = b with the factor from cholesky. */
export function choleskySolve(l: Float64Array, d: number, b: Float64Array): Float64Array {
  const x = Float64Array.from(b);
  for (let i = 0; i < d; i++) {
    let s = x[i];
    for (let k = 0; k < i; k++) s -= l[i * d + k] * x[k];
    x[i] = s / l[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let s = x[i];
    for (let k = i + 1; k < d; k++) s -= l[k * d + i] * x[k];
    x[i] = s / l[i * d + i];
  }
  return x;
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix by cyclic Jacobi rotations (accurate to working
 * precision even for tiny eigenvalues, which is what telling a rank deficiency needs).
 * `vectors` is row-major with eigenvector k in column k.
 */
export function symmetricEigen(matrix: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let diagonal = 0;
    for (let i = 0; i < d; i++) {
      diagonal += a[i * d + i] ** 2;
      for (let j = i + 1; j < d; j++) off += a[i * d + j] ** 2;
    }
    if (off <= Number.EPSILON ** 2 * diagonal) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q];
        if (apq === 0) continue;
        // The rotation that zeroes a[p][q] (Golub & Van Loan, Algorithm 8.5.1), smaller angle.
        const tau = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        const t = Math.sign(tau || 1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const akp = a[k * d + p];
          const akq = a[k * d + q];
          a[k * d + p] = c * akp - s * akq;
          a[k * d + q] = s * akp + c * akq;
        }
        for (let k = 0; k < d; k++) {
          const apk = a[p * d + k];
          const aqk = a[q * d + k];
          a[p * d + k] = c * apk - s * aqk;
          a[q * d + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Float64Array.from({ length: d }, (_, i) => a[i * d + i]), vectors: v };
}
