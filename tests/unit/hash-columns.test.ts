/** The hash step (salted SHA-256 of each value) and the synchronous SHA-256 it uses, checked against Web Crypto. */
import { describe, expect, it } from 'vitest';
import { sha256Hex, sha256HexSync } from '../../src/core/hash';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { applySteps, fitStep } from '../../src/core/pipeline/transform';
import { hashColumns, newSalt, pipelineSalt } from '../../src/core/steps/hash-columns';
import { codedColumn } from '../../src/core/table/kinds';
import type { CategoricalColumn, Table } from '../../src/core/table/table';

const utf8 = (text: string) => new TextEncoder().encode(text);

describe('sha256HexSync', () => {
  it('gives the FIPS 180-2 example digests', () => {
    expect(sha256HexSync(utf8('abc'))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256HexSync(utf8(''))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256HexSync(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with Web Crypto on every length around the block and padding boundaries, and on non-ASCII text', async () => {
    for (const n of [1, 31, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(sha256HexSync(bytes), `${n} bytes`).toBe(await sha256Hex(bytes));
    }
    expect(sha256HexSync(utf8('Zoë Ångström ✓'))).toBe(await sha256Hex(utf8('Zoë Ångström ✓')));
  });
});

const context = { target: 'y' };

function people(): Table {
  return {
    rowCount: 5,
    columns: [
      codedColumn('email', ['ann@example.org', 'bob@example.org', '', 'ann@example.org', 'cy@example.org'], new Set()),
      { name: 'phone', kind: 'numeric', values: Float64Array.of(5551234567, NaN, 5559876543, 5551234567, 5550000000) },
      { name: 'note', kind: 'text', values: ['a', null, 'b', 'a', 'c'] },
      codedColumn('y', ['p', 'q', 'p', 'q', 'p'], new Set()),
    ],
  };
}

const texts = (column: CategoricalColumn) => Array.from(column.codes, (code) => (code < 0 ? null : column.categories[code]));

describe('hash_columns', () => {
  it('replaces each value by the SHA-256 of salt + value, equal values alike, missing cells missing', async () => {
    const state = hashColumns.fit(people(), { columns: ['email', 'phone', 'note'], salt: 's3cret' }, context);
    const out = hashColumns.apply(people(), state);
    const digest = async (value: string) => sha256Hex(utf8(`s3cret${value}`));
    const email = out.columns.find((c) => c.name === 'email') as CategoricalColumn;
    expect(email.kind).toBe('categorical');
    expect(texts(email)).toEqual([await digest('ann@example.org'), await digest('bob@example.org'), null, await digest('ann@example.org'), await digest('cy@example.org')]);
    const phone = out.columns.find((c) => c.name === 'phone') as CategoricalColumn;
    expect(texts(phone)).toEqual([await digest('5551234567'), null, await digest('5559876543'), await digest('5551234567'), await digest('5550000000')]);
    const note = out.columns.find((c) => c.name === 'note') as CategoricalColumn;
    expect(texts(note)).toEqual([await digest('a'), null, await digest('b'), await digest('a'), await digest('c')]);
    expect(out.columns.map((c) => c.name)).toEqual(['email', 'phone', 'note', 'y']);
  });

  it('hashes the same value differently under another salt', () => {
    const under = (salt: string) => texts(hashColumns.apply(people(), hashColumns.fit(people(), { columns: ['email'], salt }, context)).columns[0] as CategoricalColumn)[0];
    expect(under('one')).not.toBe(under('two'));
    expect(under('one')).toBe(under('one'));
  });

  it('keeps the salt in its fitted state, so a prediction file hashes as the training rows did', () => {
    const node = { id: 'hash', kind: 'hash_columns', params: { columns: ['email'], salt: 'pepper' } };
    const { table, state } = fitStep(node, people(), Uint8Array.of(1, 1, 1, 0, 0), context);
    expect(state).toEqual({ columns: ['email'], salt: 'pepper' });
    const later = applySteps({ rowCount: 1, columns: [codedColumn('email', ['ann@example.org'], new Set())] }, [{ id: 'hash', kind: 'hash_columns', state: JSON.parse(JSON.stringify(state)) }]);
    expect(texts(later.columns[0] as CategoricalColumn)[0]).toBe(texts(table.columns[0] as CategoricalColumn)[0]);
  });

  it('refuses an empty salt, no columns, the target and a column that is not there', () => {
    expect(() => hashColumns.fit(people(), { columns: ['email'], salt: '' }, context)).toThrow('Step "Hash columns": the salt is empty');
    expect(() => hashColumns.fit(people(), { columns: [], salt: 'x' }, context)).toThrow('Step "Hash columns": choose the columns to hash');
    expect(() => hashColumns.fit(people(), { columns: ['y'], salt: 'x' }, context)).toThrow(/column "y" is the target/);
    expect(() => hashColumns.fit(people(), { columns: ['mail'], salt: 'x' }, context)).toThrow('Step "Hash columns": column "mail" is not in the data');
  });

  it('takes one salt per pipeline: a new hash step reuses the pipeline’s, a pipeline without one gets a fresh random salt', () => {
    const spec = defaultPipeline('y', 'classification');
    const first = pipelineSalt(spec);
    expect(first).toMatch(/^[0-9a-f]{32}$/);
    expect(pipelineSalt(spec)).not.toBe(first);
    const withHash = { ...spec, nodes: [...spec.nodes, { id: 'hash', kind: 'hash_columns', params: { columns: ['email'], salt: first } }] };
    expect(pipelineSalt(withHash)).toBe(first);
    expect(newSalt()).not.toBe(newSalt());
  });
});
