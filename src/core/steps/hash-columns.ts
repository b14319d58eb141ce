/**
 * Replace personal data by a salted SHA-256 of each value: the same value always becomes the same
 * digest (so grouping, joining and counting on the column still work), but the value itself no
 * longer appears. The salt is the pipeline's own (every hash step of a pipeline shares one, see
 * pipelineSalt), so that digests cannot be matched against another pipeline's or looked up in a
 * table of hashed e-mail addresses made without it. This is pseudonymisation, not anonymisation:
 * the salt travels with the pipeline and the model file.
 */
import { resolveParams } from '../params';
import { sha256HexSync } from '../hash';
import type { PipelineSpec } from '../pipeline/spec';
import type { CategoricalColumn, Column } from '../table/table';
import { cellText, isMissing, withColumns } from '../table/table';
import { requireColumn, requireFeature } from './columns';
import { stepError, type StepKind } from './step';

export const HASH_COLUMNS = 'hash_columns';

interface HashState {
  columns: string[];
  salt: string;
}

const title = 'Hash columns';

const params = {
  columns: { type: 'columns', label: 'Columns to hash', default: [] },
  salt: { type: 'string', label: 'Salt (kept with the pipeline)', default: '' },
} as const;

const encoder = new TextEncoder();

/** The digest of one value under a salt: hex SHA-256 of the UTF-8 bytes of salt + value. */
export function saltedHash(salt: string, value: string): string {
  return sha256HexSync(encoder.encode(salt + value));
}

/** A fresh random salt: 128 bits as hex (Web Crypto's generator, in the page, workers and Node alike). */
export function newSalt(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** The salt a new hash step of `spec` takes: that of a hash step the pipeline already has, so one pipeline hashes alike everywhere; else a fresh one. */
export function pipelineSalt(spec: PipelineSpec | null | undefined): string {
  const existing = spec?.nodes.find((n) => n.kind === HASH_COLUMNS && typeof n.params.salt === 'string' && n.params.salt !== '');
  return existing ? String(existing.params.salt) : newSalt();
}

/** Each distinct value hashed once: categories by their dictionary, other kinds by their text. Missing cells stay missing. */
function hashed(column: Column, rowCount: number, salt: string): CategoricalColumn {
  if (column.kind === 'categorical' || column.kind === 'boolean') {
    return { name: column.name, kind: 'categorical', codes: column.codes, categories: column.categories.map((c) => saltedHash(salt, c)) };
  }
  const codeOf = new Map<string, number>();
  const categories: string[] = [];
  const codes = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    if (isMissing(column, r)) {
      codes[r] = -1;
      continue;
    }
    const text = cellText(column, r);
    let code = codeOf.get(text);
    if (code === undefined) {
      code = categories.length;
      codeOf.set(text, code);
      categories.push(saltedHash(salt, text));
    }
    codes[r] = code;
  }
  return { name: column.name, kind: 'categorical', codes, categories };
}

export const hashColumns: StepKind<HashState> = {
  kind: HASH_COLUMNS,
  title,
  description:
    'Replace each value of the chosen columns (e-mail addresses, names, phone numbers…) by its salted SHA-256, as categories: equal values stay equal, the values themselves are gone. The salt is the pipeline’s own.',
  params,
  fit(train, values, context) {
    const { columns, salt } = resolveParams<HashState>(params, values);
    if (columns.length === 0) throw stepError(title, 'choose the columns to hash');
    if (salt === '') throw stepError(title, 'the salt is empty: set one (a step added in the studio gets a random salt of its pipeline)');
    const unique = [...new Set(columns)];
    for (const name of unique) requireFeature(train, title, name, context);
    return { columns: unique, salt };
  },
  apply(table, state) {
    return withColumns(
      table,
      state.columns.map((name) => hashed(requireColumn(table, title, name), table.rowCount, state.salt)),
    );
  },
};
