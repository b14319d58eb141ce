/**
 * Validation on the training rows: folds that partition exactly the rows given (never another),
 * stratified by class; a 20% holdout; fewer folds when a class is too rare, said so; one class, or a
 * class of one row, refused with a message; halving's row samples stratified and reproducible.
 */
import { describe, expect, it } from 'vitest';
import { subsample, validationPlan } from '../../src/core/automl/validation';

/** Rows 0…n−1 of a table; class of row r from `pattern`. */
function classesOf(n: number, pattern: (r: number) => number): Int32Array {
  return Int32Array.from({ length: n }, (_, r) => pattern(r));
}

const sorted = (xs: ArrayLike<number>) => Array.from(xs).sort((a, b) => a - b);

describe('validation plan', () => {
  const classAt = classesOf(200, (r) => (r % 4 === 0 ? 1 : 0)); // a quarter of class 1
  const classes = ['no', 'yes'];
  // The training rows are the even rows: odd rows stand for the test rows.
  const train = Int32Array.from({ length: 100 }, (_, i) => 2 * i);

  it('deals the training rows, and only them, into k folds: each row validated once', () => {
    const plan = validationPlan(train, 5, 42, { classAt, classes });
    expect(plan.folds).toHaveLength(5);
    expect(plan.description).toBe('5-fold cross-validation on 100 training rows');
    expect(sorted(plan.folds.flatMap((f) => Array.from(f.validation)))).toEqual(Array.from(train));
    for (const fold of plan.folds) {
      expect(sorted([...fold.train, ...fold.validation])).toEqual(Array.from(train));
      expect(fold.train.some((r) => r % 2 === 1) || fold.validation.some((r) => r % 2 === 1)).toBe(false);
      // Stratified: 50 training rows of class 1 … dealt 10 to each fold; 50 of class 0 likewise.
      expect(Array.from(fold.validation).filter((r) => classAt[r] === 1)).toHaveLength(10);
    }
    expect(plan.messages).toEqual([]);
  });

  it('auto: five folds dealt three times under 1,000 training rows, five folds up to 10,000, a 20% holdout beyond', () => {
    const small = validationPlan(train, 0, 1, { classAt, classes });
    expect(small.folds).toHaveLength(15);
    expect(small.description).toBe('5-fold cross-validation, repeated 3 times, on 100 training rows');
    // Each deal validates every training row once, and the deals differ.
    for (let r = 0; r < 3; r++) expect(sorted(small.folds.slice(5 * r, 5 * r + 5).flatMap((f) => Array.from(f.validation)))).toEqual(Array.from(train));
    expect(small.folds[5].validation).not.toEqual(small.folds[0].validation);
    const thousand = Int32Array.from({ length: 1000 }, (_, i) => i);
    expect(validationPlan(thousand, 0, 1).description).toBe('5-fold cross-validation on 1,000 training rows');
    const many = Int32Array.from({ length: 10_001 }, (_, i) => i);
    const plan = validationPlan(many, 0, 1);
    expect(plan.folds).toHaveLength(1);
    expect(plan.folds[0].validation.length).toBe(2001);
    expect(plan.folds[0].train.length).toBe(8000);
    expect(plan.description).toBe('a 20% holdout of 10,001 training rows (8,000 to fit, 2,001 to validate)');
  });

  it('a holdout keeps every class on both sides', () => {
    const plan = validationPlan(train, 1, 3, { classAt, classes });
    const [fold] = plan.folds;
    expect(Array.from(fold.validation).filter((r) => classAt[r] === 1)).toHaveLength(10);
    expect(Array.from(fold.train).filter((r) => classAt[r] === 1)).toHaveLength(40);
  });

  it('is the same for the same seed, and another for another', () => {
    const a = validationPlan(train, 5, 42, { classAt, classes });
    expect(validationPlan(train, 5, 42, { classAt, classes })).toEqual(a);
    expect(validationPlan(train, 5, 43, { classAt, classes }).folds[0].validation).not.toEqual(a.folds[0].validation);
  });

  it('uses fewer folds when a class has fewer training rows than folds, and says so', () => {
    const rare = classesOf(60, (r) => (r < 3 ? 2 : r % 2));
    const plan = validationPlan(Int32Array.from({ length: 60 }, (_, i) => i), 5, 1, { classAt: rare, classes: ['a', 'b', 'rare'] });
    expect(plan.folds).toHaveLength(3);
    expect(plan.messages).toEqual(['The class "rare" has only 3 training rows, fewer than the 5 folds asked for: validating on 3 folds instead']);
    for (const fold of plan.folds) expect(Array.from(fold.train).some((r) => rare[r] === 2)).toBe(true);
  });

  it('refuses one class in the training rows, and a class with a single training row', () => {
    const one = classesOf(20, () => 0);
    expect(() => validationPlan(Int32Array.from({ length: 20 }, (_, i) => i), 5, 1, { classAt: one, classes: ['only', 'other'] })).toThrow(
      'The training rows hold one class only ("only"): there is nothing to tell apart. AutoML needs two or more classes',
    );
    const single = classesOf(20, (r) => (r === 7 ? 1 : 0));
    expect(() => validationPlan(Int32Array.from({ length: 20 }, (_, i) => i), 5, 1, { classAt: single, classes: ['common', 'lonely'] })).toThrow(
      'The class "lonely" has only 1 training row: validation needs at least 2 rows of every class',
    );
  });

  it('regression: fewer folds on very few rows, said so; too few to validate refused', () => {
    const plan = validationPlan(Int32Array.of(0, 1, 2, 3, 4, 5, 6), 5, 1);
    expect(plan.folds).toHaveLength(3);
    expect(plan.messages).toEqual(['Only 7 training rows, too few for 5 folds: validating on 3 folds instead']);
    expect(() => validationPlan(Int32Array.of(0, 1, 2), 5, 1)).toThrow('Only 3 training rows: AutoML needs at least 4 to fit and validate');
  });
});

describe('rows of a halving rung', () => {
  const classAt = classesOf(900, (r) => r % 3);
  const rows = Int32Array.from({ length: 450 }, (_, i) => 2 * i);

  it('are a share of the rows given, each class keeping its share, ascending, the same for a seed', () => {
    const third = subsample(rows, 1 / 3, 5, classAt);
    expect(third.length).toBe(150);
    for (let c = 0; c < 3; c++) expect(Array.from(third).filter((r) => classAt[r] === c)).toHaveLength(50);
    expect(Array.from(third)).toEqual(sorted(third));
    expect(Array.from(third).every((r) => rows.includes(r))).toBe(true);
    expect(subsample(rows, 1 / 3, 5, classAt)).toEqual(third);
    expect(subsample(rows, 1 / 3, 6, classAt)).not.toEqual(third);
  });

  it('keep at least one row of every class, and all the rows at share 1', () => {
    const rare = classesOf(900, (r) => (r === 4 ? 1 : 0));
    expect(Array.from(subsample(rows, 0.01, 1, rare)).filter((r) => rare[r] === 1)).toEqual([4]);
    expect(subsample(rows, 1, 1, classAt)).toBe(rows);
  });
});
