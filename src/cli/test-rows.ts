/**
 * `--test-rows`: an array of 0-based data-row indices, or the shared NAME.test-idx.json object
 * (`test_indices`, optionally `train_indices`). Millions of indices are fine: each list becomes an
 * Int32Array straight away, and the split checks them against the table (core/pipeline/split.ts).
 */
import type { FixedRows } from '../core/pipeline/split';
import { openFile } from './data-file';
import { UsageError } from './usage';

/** Bad entries a message lists before it gives only their count. */
const LISTED = 5;

/** The list as row indices, or undefined when `value` is not a list; entries that are not indices are named. */
function indexList(value: unknown, where: string): Int32Array | undefined {
  if (!Array.isArray(value)) return undefined;
  const rows = new Int32Array(value.length);
  const bad: string[] = [];
  let badCount = 0;
  for (let i = 0; i < value.length; i++) {
    const v: unknown = value[i];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0x7fffffff) rows[i] = v;
    else if (badCount++ < LISTED) bad.push(JSON.stringify(v) ?? String(v));
  }
  if (badCount > 0) {
    throw new UsageError(`${where}: ${badCount.toLocaleString('en')} entries are not 0-based row indices (whole numbers ≥ 0): ${bad.join(', ')}${badCount > bad.length ? ', …' : ''}`);
  }
  return rows;
}

export async function readTestRows(path: string): Promise<FixedRows> {
  const text = await (await openFile(path, 'test-rows file')).text();
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(`${path}: not JSON; expected an array of row indices or {"test_indices": [...]}`);
  }
  const list = indexList(raw, path);
  if (list) return { test: list };
  const object = typeof raw === 'object' && raw !== null ? (raw as { test_indices?: unknown; train_indices?: unknown }) : {};
  const test = indexList(object.test_indices, `${path}: test_indices`);
  if (!test) throw new UsageError(`${path}: expected an array of 0-based row indices or an object with "test_indices"`);
  if (object.train_indices === undefined) return { test };
  const train = indexList(object.train_indices, `${path}: train_indices`);
  if (!train) throw new UsageError(`${path}: train_indices must be an array of 0-based row indices`);
  return { test, train };
}
