/** Steps that derive new numeric columns: date parts, text vectors, polynomial features. */
import { describe, expect, it } from 'vitest';
import { dateParts } from '../../src/core/steps/date-parts';
import { polynomialFeatures } from '../../src/core/steps/polynomial-features';
import { textVectorize, tokenize } from '../../src/core/steps/text-vectorize';
import { getColumn, type NumericColumn, type Table } from '../../src/core/table/table';

const context = { target: 'y' };
const values = (t: Table, name: string) => Array.from((getColumn(t, name) as NumericColumn).values);
const names = (t: Table) => t.columns.map((c) => c.name);

describe('date_parts', () => {
  const dates = (ms: number[]): Table => ({ rowCount: ms.length, columns: [{ name: 'when', kind: 'date', values: Float64Array.from(ms) }] });

  it('adds year, month, day of week (Monday = 0, as pandas) and hour, in UTC, dropping the date', () => {
    // 2024-01-01 was a Monday; 2023-12-31 a Sunday.
    const t = dates([Date.UTC(2024, 0, 1, 10, 30), Date.UTC(2023, 11, 31, 23), NaN]);
    const out = dateParts.apply(t, dateParts.fit(t, {}, context));
    expect(names(out)).toEqual(['when_year', 'when_month', 'when_day_of_week', 'when_hour']);
    expect(values(out, 'when_year')).toEqual([2024, 2023, NaN]);
    expect(values(out, 'when_month')).toEqual([1, 12, NaN]);
    expect(values(out, 'when_day_of_week')).toEqual([0, 6, NaN]);
    expect(values(out, 'when_hour')).toEqual([10, 23, NaN]);
  });

  it('keeps the date when asked, and refuses names already taken', () => {
    const t = dates([Date.UTC(2024, 0, 1)]);
    expect(names(dateParts.apply(t, dateParts.fit(t, { keep_original: true }, context)))).toEqual(['when', 'when_year', 'when_month', 'when_day_of_week', 'when_hour']);
    const taken: Table = { ...t, columns: [...t.columns, { name: 'when_month', kind: 'numeric', values: Float64Array.from([1]) }] };
    expect(() => dateParts.apply(taken, dateParts.fit(taken, {}, context))).toThrow(/would create column "when_month"/);
  });

  it('parses named text columns in the format their training rows use (day-first here), and keeps it for new rows', () => {
    const t: Table = { rowCount: 3, columns: [{ name: 'when', kind: 'text', values: ['25/12/2023 18:00', '01/02/2024', null] }] };
    const state = dateParts.fit(t, { columns: ['when'] }, context);
    expect(state.formats).toEqual({ when: 'dmy' });
    const out = dateParts.apply(t, state);
    expect(values(out, 'when_year')).toEqual([2023, 2024, NaN]);
    expect(values(out, 'when_month')).toEqual([12, 2, NaN]);
    // 2023-12-25 was a Monday, 2024-02-01 a Thursday.
    expect(values(out, 'when_day_of_week')).toEqual([0, 3, NaN]);
    expect(values(out, 'when_hour')).toEqual([18, 0, NaN]);
    // New rows: the learned day-first format, even for a row that alone would read month-first; what is no date is missing.
    const later: Table = { rowCount: 2, columns: [{ name: 'when', kind: 'categorical', codes: Int32Array.from([0, 1]), categories: ['03/04/2024', 'soon'] }] };
    expect(values(dateParts.apply(later, state), 'when_month')).toEqual([4, NaN]);
  });

  it('reads eight-digit numbers and a chosen format, and names a column it cannot read', () => {
    const t: Table = { rowCount: 2, columns: [{ name: 'day', kind: 'numeric', values: Float64Array.from([20230115, 19991231]) }] };
    expect(values(dateParts.apply(t, dateParts.fit(t, { columns: ['day'] }, context)), 'day_month')).toEqual([1, 12]);
    const us: Table = { rowCount: 1, columns: [{ name: 'when', kind: 'text', values: ['01/02/2024'] }] };
    expect(values(dateParts.apply(us, dateParts.fit(us, { columns: ['when'], format: 'dmy' }, context)), 'when_month')).toEqual([2]);
    const words: Table = { rowCount: 1, columns: [{ name: 'when', kind: 'text', values: ['next week'] }] };
    expect(() => dateParts.fit(words, { columns: ['when'] }, context)).toThrow(/column "when" does not hold dates in a format this step reads/);
  });
});

describe('text_vectorize', () => {
  // The corpus of scikit-learn's CountVectorizer and TfidfVectorizer documentation.
  const corpus = ['This is the first document.', 'This document is the second document.', 'And this is the third one.', 'Is this the first document?'];
  const docs = (texts: (string | null)[]): Table => ({ rowCount: texts.length, columns: [{ name: 'doc', kind: 'text', values: texts }] });
  const features = ['and', 'document', 'first', 'is', 'one', 'second', 'the', 'third', 'this'];
  const matrix = (t: Table) => Array.from({ length: t.rowCount }, (_, r) => t.columns.map((c) => (c as NumericColumn).values[r]));

  it('tokenises like the default token pattern: lower case, two or more word characters', () => {
    expect(tokenize("A café's 2 x_y, naïve-ish 42!")).toEqual(['café', 'x_y', 'naïve', 'ish', '42']);
  });

  it("counts terms as CountVectorizer's documented example", () => {
    const state = textVectorize.fit(docs(corpus), { weighting: 'counts' }, context);
    expect(state.columns.doc).toEqual({ terms: features });
    const out = textVectorize.apply(docs(corpus), state);
    expect(names(out)).toEqual(features.map((f) => `doc:${f}`));
    expect(matrix(out)).toEqual([
      [0, 1, 1, 1, 0, 0, 1, 0, 1],
      [0, 2, 0, 1, 0, 1, 1, 0, 1],
      [1, 0, 0, 1, 1, 0, 1, 1, 1],
      [0, 1, 1, 1, 0, 0, 1, 0, 1],
    ]);
  });

  it('weights by smoothed idf and scales rows to unit length, as TfidfVectorizer', () => {
    const state = textVectorize.fit(docs(corpus), {}, context);
    // idf = ln((1 + n) / (1 + df)) + 1 with n = 4: df 4 → 1, df 3 → ln(5/4) + 1, df 2 → ln(5/3) + 1.
    const idf = { document: Math.log(5 / 4) + 1, first: Math.log(5 / 3) + 1 };
    expect(state.columns.doc.idf?.[1]).toBeCloseTo(idf.document, 12);
    const out = textVectorize.apply(docs(corpus), state);
    // Row 0 holds document, first, is, the, this once each.
    const norm = Math.sqrt(idf.document ** 2 + idf.first ** 2 + 3);
    const row0 = [0, idf.document / norm, idf.first / norm, 1 / norm, 0, 0, 1 / norm, 0, 1 / norm];
    matrix(out)[0].forEach((v, i) => expect(v).toBeCloseTo(row0[i], 12));
    // The documented output's first row: [0, 0.4698, 0.5803, 0.3841, 0, 0, 0.3841, 0, 0.3841].
    expect(matrix(out)[0][2]).toBeCloseTo(0.58028582, 7);
  });

  it('caps the vocabulary by total training count, ties by term, and ignores unseen terms', () => {
    // Totals: document, is, the, this 4 each (document twice in one row), first 2, the rest 1.
    const state = textVectorize.fit(docs(corpus), { max_features: 3, weighting: 'counts' }, context);
    expect(state.columns.doc.terms).toEqual(['document', 'is', 'the']);
    const out = textVectorize.apply(docs(['Unseen words only', null, 'THE the is']), state);
    expect(matrix(out)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 1, 2],
    ]);
    const tfidf = textVectorize.apply(docs(['nothing known']), textVectorize.fit(docs(corpus), {}, context));
    expect(matrix(tfidf)[0].every((v) => v === 0)).toBe(true);
  });
});

describe('polynomial_features', () => {
  // PolynomialFeatures(2) on [[0, 1], [2, 3], [4, 5]] → 1, a, b, a², ab, b² (without the bias here).
  const x: Table = {
    rowCount: 3,
    columns: [
      { name: 'a', kind: 'numeric', values: Float64Array.from([0, 2, 4]) },
      { name: 'b', kind: 'numeric', values: Float64Array.from([1, 3, 5]) },
    ],
  };

  it("adds squares and products in PolynomialFeatures' order, as its documented example", () => {
    const out = polynomialFeatures.apply(x, polynomialFeatures.fit(x, {}, context));
    expect(names(out)).toEqual(['a', 'b', 'a^2', 'a*b', 'b^2']);
    expect(values(out, 'a^2')).toEqual([0, 4, 16]);
    expect(values(out, 'a*b')).toEqual([0, 6, 20]);
    expect(values(out, 'b^2')).toEqual([1, 9, 25]);
  });

  it('keeps only products with interaction_only, and refuses names already taken', () => {
    const out = polynomialFeatures.apply(x, polynomialFeatures.fit(x, { interaction_only: true }, context));
    expect(names(out)).toEqual(['a', 'b', 'a*b']);
    const taken: Table = { ...x, columns: [...x.columns, { name: 'a^2', kind: 'numeric', values: Float64Array.from([0, 0, 0]) }] };
    expect(() => polynomialFeatures.apply(taken, polynomialFeatures.fit(taken, { columns: ['a', 'b'] }, context))).toThrow(/would create column "a\^2"/);
  });
});
