/**
 * A fitted step's state as lines a person can read: the Step view shows what a step learned from
 * the training rows (the values an impute fills in, the categories a one-hot encoding keeps, a
 * scaler's means). States are plain data of each step kind's own shape, so they are read
 * generically: nested records become dotted keys, lists are cut after a few items with how many
 * more there are, and numbers are shown to four significant digits.
 */
export interface FittedStateLine {
  key: string;
  value: string;
}

/** Items shown of a list before "… (+N more)". */
const LIST_ITEMS = 12;
/** Lines shown of a state before the last line says how many were left out. */
const MAX_LINES = 40;

function number(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  if (Number.isInteger(x)) return x.toLocaleString('en');
  return String(Number(x.toPrecision(4)));
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'number') return number(value);
  if (typeof value === 'string') return value === '' ? '""' : value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

function list(items: ArrayLike<unknown>): string {
  const shown = Array.from({ length: Math.min(items.length, LIST_ITEMS) }, (_, i) => scalar(items[i]));
  const more = items.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` … (+${more.toLocaleString('en')} more)` : ''}`;
}

const isList = (value: unknown): value is ArrayLike<unknown> => Array.isArray(value) || (ArrayBuffer.isView(value) && !(value instanceof DataView));

function walk(value: unknown, key: string, out: FittedStateLine[]): void {
  if (isList(value) && Array.from(value as ArrayLike<unknown>).every((v) => v === null || typeof v !== 'object')) {
    out.push({ key, value: list(value) });
  } else if (value !== null && typeof value === 'object' && !isList(value)) {
    const entries = value instanceof Map ? [...value.entries()] : Object.entries(value);
    // An empty record says nothing; under a key it is shown as empty.
    if (entries.length === 0 && key) out.push({ key, value: '—' });
    for (const [k, v] of entries) walk(v, key ? `${key}.${String(k)}` : String(k), out);
  } else if (isList(value)) {
    // A list of records: each one under its index.
    Array.from(value).forEach((v, i) => walk(v, `${key}[${i}]`, out));
  } else out.push({ key: key || 'value', value: scalar(value) });
}

/** The state's lines, at most MAX_LINES (the last then says how many more there were); none for a step without state. */
export function describeFittedState(state: unknown): FittedStateLine[] {
  if (state === undefined || state === null) return [];
  const out: FittedStateLine[] = [];
  walk(state, '', out);
  if (out.length <= MAX_LINES) return out;
  const kept = out.slice(0, MAX_LINES - 1);
  kept.push({ key: '…', value: `${(out.length - kept.length).toLocaleString('en')} more values` });
  return kept;
}
