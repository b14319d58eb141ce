/**
 * The scale benchmark's table: `features` numeric columns x1 … xN (normal, 6 decimals) and a binary
 * target `y` drawn from a logistic model of them, so a linear classifier has something to learn
 * (about 0.85 accuracy). Made in blocks of lines, so a 5,000,000-row file (~1.3 GB) is written without
 * ever being one string; the same code runs in Node and in a browser page.
 */
import { seededRng } from '../../src/core/random';

export const NUMERIC_FEATURES = 20;

/** The CSV text in blocks of at most `blockRows` rows, the header first. */
export function* numericCsvBlocks(rows: number, features = NUMERIC_FEATURES, seed = 7, blockRows = 50_000): Generator<string> {
  const rng = seededRng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  const weights = Array.from({ length: features }, (_, j) => (j % 2 === 0 ? 1 : -1) / (1 + j / 4));
  yield [...Array.from({ length: features }, (_, j) => `x${j + 1}`), 'y'].join(',') + '\n';
  const x = new Float64Array(features);
  for (let start = 0; start < rows; start += blockRows) {
    const lines: string[] = [];
    for (let r = start; r < Math.min(rows, start + blockRows); r++) {
      let z = 0;
      for (let j = 0; j < features; j++) {
        x[j] = normal();
        z += weights[j] * x[j];
      }
      const y = rng() < 1 / (1 + Math.exp(-2 * z)) ? 1 : 0;
      lines.push(`${Array.from(x, (v) => v.toFixed(6)).join(',')},${y}`);
    }
    yield lines.join('\n') + '\n';
  }
}
