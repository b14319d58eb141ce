import { describe, expect, it } from 'vitest';
import { modelFigure, nodeRunStates, runStateText, type RunView } from '../../src/app/node-states';
import { defaultPipeline } from '../../src/core/pipeline/default';
import type { NodeLog, RunSummary } from '../../src/core/pipeline/events';

const spec = defaultPipeline('species', 'classification');
const log = (id: string, rowsOut: number, status: NodeLog['status'] = 'ran'): NodeLog => ({ id, kind: id, status, ms: 1, rowsIn: rowsOut, rowsOut, columnsAdded: [], columnsRemoved: [], warnings: [] });
const summary = (task: RunSummary['task'], metrics: Record<string, number>) => ({ node: 'model', task, metrics }) as RunSummary;
const idle: RunView = { running: false, fraction: 0, message: '', nodeLogs: [], summaries: [], error: null, spec: null };

describe('node states on the canvas', () => {
  it('are all "not run" before any run', () => {
    const states = nodeRunStates(spec, idle);
    expect(Object.keys(states).sort()).toEqual(spec.nodes.map((n) => n.id).sort());
    expect(new Set(Object.values(states).map((s) => s.state))).toEqual(new Set(['not-run']));
  });

  it('while running: done nodes with their rows out, the next one running with the model progress, the rest not run', () => {
    const run: RunView = { ...idle, running: true, fraction: 0.42, message: 'model: epoch 3 of 20', nodeLogs: [log('impute', 344, 'cached'), log('standardize', 344), log('one_hot', 333)] };
    const states = nodeRunStates(spec, run);
    expect(states.impute).toEqual({ state: 'cached', figure: '344 rows' });
    expect(states.one_hot).toEqual({ state: 'ran', figure: '333 rows' });
    // A source reports nothing itself: done once the node it feeds reported, with the rows that node read.
    expect(states.source).toEqual({ state: 'ran', figure: '344 rows' });
    // Nor does a split: done once its model trains (the progress message names it), its rows out known when the model reports.
    expect(states.split).toEqual({ state: 'ran' });
    expect(states.model).toEqual({ state: 'running', progress: 'epoch 3 of 20' });
    expect(states.evaluate).toEqual({ state: 'not-run' });
    // A message that names no node: the first one without a report is running, at the run's share done.
    expect(nodeRunStates(spec, { ...run, message: 'Preparing the features', nodeLogs: run.nodeLogs.slice(0, 2) }).one_hot).toEqual({ state: 'running', progress: '42 %' });
  });

  it('after a run: the model and its evaluate node show accuracy (classification) or R² (regression)', () => {
    const states = nodeRunStates(spec, { ...idle, nodeLogs: ['impute', 'standardize', 'one_hot', 'model'].map((id) => log(id, 1000)), summaries: [summary('classification', { accuracy: 0.97123 })] });
    expect(states.model).toEqual({ state: 'ran', figure: 'accuracy 0.971' });
    expect(states.evaluate).toEqual({ state: 'ran', figure: 'accuracy 0.971' });
    expect(states.impute).toEqual({ state: 'ran', figure: '1,000 rows' });
    expect(states.split).toEqual({ state: 'ran', figure: '1,000 rows' });
    expect(modelFigure(summary('regression', { r2: -0.25 }))).toBe('R² -0.250');
    expect(modelFigure(summary('regression', { r2: Number.NaN }))).toBeUndefined();
  });

  it('a failed run: the node it stopped at shows the reason, the ones after it were not run', () => {
    const states = nodeRunStates(spec, { ...idle, error: 'No numeric features reach the model', nodeLogs: [log('impute', 10), log('standardize', 10), log('one_hot', 10)] });
    expect(states.split).toEqual({ state: 'failed', reason: 'No numeric features reach the model' });
    expect(states.model).toEqual({ state: 'not-run' });
    expect(states.evaluate).toEqual({ state: 'not-run' });
  });

  it('after an edit: the edited node and every node after it say they changed since the run; the nodes before keep their figures', () => {
    const ran: RunView = { ...idle, spec, nodeLogs: ['impute', 'standardize', 'one_hot', 'model'].map((id) => log(id, 344)), summaries: [summary('classification', { accuracy: 0.97 })] };
    // The same pipeline (a copy): nothing changed.
    expect(Object.values(nodeRunStates(structuredClone(spec), ran)).map((s) => s.state)).not.toContain('changed');

    const edited = structuredClone(spec);
    const oneHot = edited.nodes.find((n) => n.id === 'one_hot');
    if (!oneHot) throw new Error('no one_hot node');
    oneHot.params = { ...oneHot.params, columns: ['island'] };
    const states = nodeRunStates(edited, ran);
    for (const id of ['one_hot', 'split', 'model', 'evaluate']) expect(states[id], id).toEqual({ state: 'changed' });
    expect(states.standardize).toEqual({ state: 'ran', figure: '344 rows' });
    expect(states.source.state).toBe('ran');
    expect(runStateText(states.model)).toBe('Changed since the last run');

    // Rewired: an input taken away changes the node it fed.
    const rewired = structuredClone(spec);
    rewired.edges = rewired.edges.filter((e) => e.to !== 'evaluate');
    expect(nodeRunStates(rewired, ran).evaluate).toEqual({ state: 'changed' });
    expect(nodeRunStates(rewired, ran).model.state).toBe('ran');
    // While a run goes on, its own states show, not the comparison.
    const running: RunView = { ...idle, spec, running: true, message: 'model: epoch 1 of 5', nodeLogs: ['impute', 'standardize', 'one_hot'].map((id) => log(id, 344)) };
    expect(nodeRunStates(edited, running).model).toEqual({ state: 'running', progress: 'epoch 1 of 5' });
    expect(nodeRunStates(edited, running).one_hot).toEqual({ state: 'ran', figure: '344 rows' });
  });
});
