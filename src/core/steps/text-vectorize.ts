/**
 * Free text to numbers, as scikit-learn's CountVectorizer / TfidfVectorizer with their defaults:
 * lower-cased, tokens of two or more word characters, and for TF-IDF the smoothed idf
 * ln((1 + n) / (1 + df)) + 1 with each row scaled to unit length (l2). One numeric column
 * `<column>:<term>` per vocabulary term replaces the text column.
 */
import { resolveParams } from '../params';
import type { Column, NumericColumn } from '../table/table';
import { cellText, isMissing } from '../table/table';
import { addColumns, columnsParam, pickColumns, requireColumn } from './columns';
import type { StepKind } from './step';

interface Vocabulary {
  /** Sorted, as scikit-learn orders its features. */
  terms: string[];
  /** Per term; absent for plain counts. */
  idf?: number[];
}

interface TextState {
  columns: Record<string, Vocabulary>;
}

const title = 'Text to numbers';

const params = {
  columns: columnsParam('Text columns (none chosen: all text; categorical ones when chosen)'),
  weighting: { type: 'enum', label: 'Values', default: 'tfidf', options: ['tfidf', 'counts'] },
  max_features: { type: 'number', label: 'Most terms per column (0: no limit)', default: 100, min: 0, integer: true },
} as const;

/** scikit-learn's token_pattern (?u)\b\w\w+\b: Python's \w is a letter, a number or "_". */
const TOKEN = /[\p{L}\p{N}_]{2,}/gu;

export function tokenize(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** A missing cell reads as an empty document: no terms, all zeros. */
function documents(column: Column, rowCount: number): string[] {
  return Array.from({ length: rowCount }, (_, r) => (isMissing(column, r) ? '' : cellText(column, r)));
}

/**
 * The terms kept: the `max` most frequent over the whole training column (total count, as
 * scikit-learn's max_features ranks them), ties by term; then sorted.
 */
function fitVocabulary(docs: readonly string[], max: number, tfidf: boolean): Vocabulary {
  const total = new Map<string, number>();
  const df = new Map<string, number>();
  for (const doc of docs) {
    const tokens = tokenize(doc);
    for (const t of tokens) total.set(t, (total.get(t) ?? 0) + 1);
    for (const t of new Set(tokens)) df.set(t, (df.get(t) ?? 0) + 1);
  }
  let terms = [...total.keys()];
  if (max > 0 && terms.length > max) terms = terms.sort((a, b) => (total.get(b) as number) - (total.get(a) as number) || (a < b ? -1 : 1)).slice(0, max);
  terms.sort();
  if (!tfidf) return { terms };
  return { terms, idf: terms.map((t) => Math.log((1 + docs.length) / (1 + (df.get(t) as number))) + 1) };
}

function vectorize(name: string, docs: readonly string[], vocabulary: Vocabulary): NumericColumn[] {
  const { terms, idf } = vocabulary;
  const index = new Map(terms.map((t, i) => [t, i]));
  const outputs = terms.map(() => new Float64Array(docs.length));
  docs.forEach((doc, row) => {
    const seen = new Set<number>();
    for (const t of tokenize(doc)) {
      const i = index.get(t);
      if (i === undefined) continue;
      outputs[i][row]++;
      seen.add(i);
    }
    if (!idf) return;
    let norm = 0;
    for (const i of seen) norm += (outputs[i][row] *= idf[i]) ** 2;
    norm = Math.sqrt(norm);
    for (const i of seen) outputs[i][row] /= norm;
  });
  return terms.map((t, i) => ({ name: `${name}:${t}`, kind: 'numeric', values: outputs[i] }));
}

export const textVectorize: StepKind<TextState> = {
  kind: 'text_vectorize',
  title,
  description: 'One column per frequent training term: its count in the row, or its TF-IDF weight (rows scaled to unit length). Terms unseen in training are ignored.',
  params,
  fit(train, values, context) {
    const p = resolveParams<{ columns: string[]; weighting: string; max_features: number }>(params, values);
    const columns = pickColumns(train, context, title, p.columns, ['text', 'categorical'], ['text']);
    const fitted = columns.map((c) => [c.name, fitVocabulary(documents(c, train.rowCount), p.max_features, p.weighting === 'tfidf')]);
    return { columns: Object.fromEntries(fitted) };
  },
  apply(table, state) {
    const names = Object.keys(state.columns);
    const created = names.flatMap((name) => vectorize(name, documents(requireColumn(table, title, name, ['text', 'categorical']), table.rowCount), state.columns[name]));
    return addColumns(table, title, created, names);
  },
  sources: (state) => Object.fromEntries(Object.entries(state.columns).flatMap(([name, { terms }]) => terms.map((t) => [`${name}:${t}`, [name]]))),
};
