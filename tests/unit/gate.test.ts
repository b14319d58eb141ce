import { describe, expect, it } from 'vitest';
import { judgeGate } from '../../src/core/pipeline/gate';
import { defaultPipeline } from '../../src/core/pipeline/default';
import { parsePipeline, serializePipeline } from '../../src/core/pipeline/validate';

const recalls = [
  { class: 'a', recall: 0.9 },
  { class: 'b', recall: 0.4 },
];

describe('validation gate', () => {
  it('has no checks for classification until a threshold is set', () => {
    expect(judgeGate('classification', {}, { accuracy: 0.2, f1_macro: 0.1 }, recalls)).toEqual({ passed: true, checks: [] });
  });

  it('judges accuracy and every class recall, naming the class that fails', () => {
    const verdict = judgeGate('classification', { min_accuracy: 0.8, min_class_recall: 0.5 }, { accuracy: 0.85, f1_macro: 0.7 }, recalls);
    expect(verdict.passed).toBe(false);
    expect(verdict.checks).toEqual([
      { metric: 'accuracy', op: '≥', threshold: 0.8, value: 0.85, passed: true },
      { metric: 'recall of class a', op: '≥', threshold: 0.5, value: 0.9, passed: true },
      { metric: 'recall of class b', op: '≥', threshold: 0.5, value: 0.4, passed: false },
    ]);
  });

  it('requires R² ≥ 0 by default for regression (better than predicting the mean), and an optional RMSE ceiling', () => {
    expect(judgeGate('regression', {}, { r2: -0.1, rmse: 3 }).passed).toBe(false);
    const verdict = judgeGate('regression', { min_r2: 0.4, max_rmse: 2 }, { r2: 0.5, rmse: 3 });
    expect(verdict.checks.map((c) => [c.metric, c.passed])).toEqual([
      ['R²', true],
      ['RMSE', false],
    ]);
  });

  it('is validated as part of the pipeline file', () => {
    const spec = defaultPipeline('y', 'classification');
    spec.nodes[6].params = { min_accuracy: 1.5 };
    expect(() => parsePipeline(serializePipeline(spec))).toThrow(/node "evaluate": min_accuracy must be ≤ 1/);
  });
});
