/** Column roles: what the default pipeline does with each column, inferred from the values and names. */
import { describe, expect, it } from 'vitest';
import { inferRoles, PROSE_MEAN_LENGTH, ROLE_SAMPLE_ROWS } from '../../src/core/roles/infer';
import { withRoleChoices, type ColumnRole } from '../../src/core/roles/roles';
import { seededRng } from '../../src/core/random';
import { tableFromStrings } from '../../src/core/table/kinds';
import type { Table } from '../../src/core/table/table';

const ROWS = 60;
const rng = seededRng(5);
const table = (columns: Record<string, string[]>): Table => tableFromStrings(Object.keys(columns), Object.values(columns)).table;
const rows = <T = string>(at: (i: number) => T, n = ROWS): T[] => Array.from({ length: n }, (_, i) => at(i));
/** A target with two classes, unrelated to the columns under test. */
const target = rows(() => (rng() < 0.5 ? 'yes' : 'no'));
const roleOf = (columns: Record<string, string[]>, name: string): ColumnRole => {
  const found = inferRoles(table({ ...columns, target: columns.target ?? target }), 'target').find((r) => r.name === name);
  if (!found) throw new Error(`no role for ${name}`);
  return found;
};
const shuffled = (n: number) => {
  const order = Array.from({ length: n }, (_, i) => i + 1);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
};

describe('inferRoles: identifiers', () => {
  it('leaves out row numbers, distinct codes and distinct whole numbers named like an id', () => {
    expect(roleOf({ row: rows((i) => String(i + 1)) }, 'row')).toMatchObject({ role: 'identifier', reason: expect.stringContaining('consecutive whole numbers 1…60') });
    expect(roleOf({ ticket: rows((i) => `T-${1000 + 7 * i}`) }, 'ticket')).toMatchObject({ role: 'identifier', reason: expect.stringContaining('distinct single tokens') });
    const order = shuffled(ROWS).map((v) => String(v * 13));
    expect(roleOf({ PassengerId: order }, 'PassengerId')).toMatchObject({ role: 'identifier', reason: 'named like an id, and every value is distinct' });
    // The same numbers under another name are a quantity, even one ending in "id".
    expect(roleOf({ points: order }, 'points').role).toBe('numeric');
    expect(roleOf({ paid: order }, 'paid').role).toBe('numeric');
    expect(roleOf({ customer_id: order }, 'customer_id').role).toBe('identifier');
  });
});

describe('inferRoles: dates', () => {
  const days = rows((i) => new Date(Date.UTC(2023, 0, 1) + i * 3 * 86_400_000));
  const two = (n: number) => String(n).padStart(2, '0');
  const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const written = {
    iso: days.map((d) => d.toISOString().slice(0, 10)),
    dmy: days.map((d) => `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}`),
    mdy: days.map((d) => `${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())}/${d.getUTCFullYear()} 10:30`),
    mon_d_y: days.map((d) => `${MON[d.getUTCMonth()]} ${d.getUTCDate()}, ${d.getUTCFullYear()}`),
    d_mon_y: days.map((d) => `${d.getUTCDate()} ${MON[d.getUTCMonth()]} ${d.getUTCFullYear()}`),
    ymd_compact: days.map((d) => d.toISOString().slice(0, 10).replace(/-/g, '')),
  };

  it('finds dates written in every common format, day-first and month-first told apart by the values', () => {
    const t = table({ ...written, target });
    const roles = Object.fromEntries(inferRoles(t, 'target').map((r) => [r.name, r]));
    // Sixty distinct texts in sixty rows are too many for categories: the reader keeps them as text.
    expect(t.columns.map((c) => c.kind)).toEqual(['date', 'text', 'text', 'text', 'text', 'numeric', 'boolean']);
    expect(roles.iso).toMatchObject({ role: 'date', reason: 'ISO dates' });
    expect(roles.iso.dateFormat).toBeUndefined();
    for (const format of ['dmy', 'mdy', 'mon_d_y', 'd_mon_y', 'ymd_compact'] as const) {
      expect(roles[format], format).toMatchObject({ role: 'date', dateFormat: format, reason: expect.stringMatching(/^every value read as dates written like/) });
    }
  });

  it('says when day and month cannot be told apart, and reads such dates month-first', () => {
    const early = rows((i) => `0${1 + (i % 9)}/0${1 + ((i * 7) % 9)}/2023`);
    expect(roleOf({ when: early }, 'when')).toMatchObject({ role: 'date', dateFormat: 'mdy', reason: expect.stringContaining('month-first was assumed') });
  });
});

describe('inferRoles: categories and text', () => {
  it('splits categories by how many there are, and treats yes/no as a category', () => {
    const n = 2000;
    const big = { name: rows(() => `Game ${Math.floor(rng() * 550)}`, n), colour: rows(() => ['red', 'green', 'blue', 'black', 'white'][Math.floor(rng() * 5)], n), member: rows((i) => (i % 3 ? 'yes' : 'no'), n), target: rows(() => (rng() < 0.5 ? 'a' : 'b'), n) };
    const distinct = new Set(big.name).size;
    const roles = Object.fromEntries(inferRoles(table(big), 'target').map((r) => [r.name, r]));
    expect(roles.name).toMatchObject({ role: 'high_cardinality', reason: `${distinct} categories (more than 30): one-hot encoding would add a column for each` });
    expect(roles.colour.role).toBe('category');
    expect(roles.member).toMatchObject({ kind: 'boolean', role: 'category' });
  });

  it('vectorises short free text and leaves out long prose in which every row is its own', () => {
    const words = ['red', 'fast', 'cheap', 'new', 'big', 'quiet', 'old', 'small'];
    const short = rows((i) => `${words[i % 8]} ${words[(i * 3) % 8]} item ${i}`);
    expect(roleOf({ tags: short }, 'tags')).toMatchObject({ role: 'text', reason: expect.stringContaining('100% of the values hold several words') });
    const prose = rows((i) => `Review ${i}: ${'a long and winding account of everything that happened '.repeat(5)}`);
    const mean = prose.reduce((s, p) => s + p.length, 0) / prose.length;
    expect(mean).toBeGreaterThan(PROSE_MEAN_LENGTH);
    expect(roleOf({ review: prose }, 'review')).toMatchObject({ role: 'ignore', reason: expect.stringContaining(`(${Math.round(mean)} characters on average)`) });
  });

  it('reads a numeric-looking column with stray text as numbers', () => {
    const values = rows((i) => (i === 7 ? 'n/k' : String(i * 1.5)));
    expect(roleOf({ score: values }, 'score')).toMatchObject({ kind: 'text', role: 'numeric', reason: expect.stringContaining('stray text such as "n/k"') });
  });
});

describe('inferRoles: constants and leaks', () => {
  it('leaves out constant and empty columns', () => {
    expect(roleOf({ same: rows(() => 'x') }, 'same')).toEqual({ name: 'same', kind: 'categorical', role: 'constant', reason: 'every present cell holds "x"' });
    expect(roleOf({ empty: rows(() => '') }, 'empty')).toMatchObject({ role: 'constant', reason: 'every cell is missing' });
  });

  it('warns of a column that predicts the target perfectly, or is named after it, and keeps its role', () => {
    const species = rows((i) => ['Adelie', 'Gentoo', 'Chinstrap'][i % 3]);
    const copy = species.map((s) => s.toUpperCase().slice(0, 3));
    const noise = rows(() => String(rng()));
    const roles = Object.fromEntries(inferRoles(table({ species, code: copy, species_id: noise, width: noise }), 'species').map((r) => [r.name, r]));
    // A relabelled copy: every held-out row's group has only its own class, so balanced accuracy is exactly 1.
    expect(roles.code).toMatchObject({ role: 'category', leak: 'alone predicts "species" with balanced accuracy 1.000 on held-out rows' });
    expect(roles.species_id).toMatchObject({ role: 'numeric', leak: 'named after the target "species"' });
    expect(roles.width.leak).toBeUndefined();
    expect(Object.keys(roles)).toEqual(['code', 'species_id', 'width']);
  });
});

describe('inferRoles on a large table', () => {
  it(`judges tables past ${ROLE_SAMPLE_ROWS.toLocaleString('en')} rows on evenly spaced rows, ids and categories alike`, () => {
    const n = ROLE_SAMPLE_ROWS + 50_001;
    const t: Table = {
      rowCount: n,
      columns: [
        { name: 'row', kind: 'numeric', values: Float64Array.from({ length: n }, (_, i) => i) },
        { name: 'group', kind: 'categorical', codes: Int32Array.from({ length: n }, (_, i) => i % 4), categories: ['a', 'b', 'c', 'd'] },
        { name: 'target', kind: 'numeric', values: Float64Array.from({ length: n }, () => rng()) },
      ],
    };
    expect(inferRoles(t, 'target').map((r) => r.role)).toEqual(['identifier', 'category']);
  });
});

describe('withRoleChoices', () => {
  it('puts the chosen role in place, keeping what was inferred, and ignores choices for other columns', () => {
    const inferred: ColumnRole[] = [
      { name: 'a', kind: 'numeric', role: 'numeric', reason: 'whole numbers, 12 distinct' },
      { name: 'b', kind: 'categorical', role: 'category', reason: '3 categories' },
    ];
    expect(withRoleChoices(inferred, { a: 'category', b: 'category', gone: 'ignore' })).toEqual([
      { name: 'a', kind: 'numeric', role: 'category', inferred: 'numeric', reason: 'chosen by you (inferred: number, whole numbers, 12 distinct)' },
      inferred[1],
    ]);
    expect(withRoleChoices(inferred, undefined)).toEqual(inferred);
  });
});
