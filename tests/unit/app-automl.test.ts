/**
 * AutoML as a person uses it, on the fake engine (which runs core's search on the loaded file, in
 * this thread): "Find the best model" with the panel's settings fills the leaderboard as candidates
 * finish; Cancel keeps the best so far and stores nothing; the winner opens as an ordinary pipeline
 * that runs and is versioned as usual; a pipeline with an AutoML node runs its search on Run.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simplestNearBest } from '../../src/core/automl/leaderboard';
import { searchPipeline } from '../../src/core/automl/pipelines';
import type { TrialEntry } from '../../src/core/automl/types';
import { parseCsv } from '../../src/core/csv/parse';
import { runFirstModel } from '../../src/core/pipeline/run';
import type { PipelineSpec } from '../../src/core/pipeline/spec';
import { serializePipeline } from '../../src/core/pipeline/validate';
import * as modelStore from '../../src/store/models';
import * as pipelineStore from '../../src/store/pipelines';
import * as runStore from '../../src/store/runs';
import { closeDatabase, csvFile, freshDatabase, testStudio, type TestStudio } from './fakes/studio';

const ROWS = 60;
/** Two numbers and a class that mostly follows their sum. */
const CSV = ['a,b,y', ...Array.from({ length: ROWS }, (_, i) => {
  const a = ((i * 7) % 13) / 13;
  const b = ((i * 5) % 11) / 11;
  return `${a.toFixed(3)},${b.toFixed(3)},${a + b + ((i * 3) % 7) / 20 > 1.1 ? 'high' : 'low'}`;
})].join('\n') + '\n';

beforeEach(freshDatabase);

let open: TestStudio | undefined;
afterEach(async () => {
  open?.studio.dispose();
  open = undefined;
  await closeDatabase();
});

async function loaded(): Promise<TestStudio> {
  open = testStudio();
  await open.studio.init();
  await open.studio.data.addFiles([csvFile('sum.csv', CSV)]);
  expect(open.studio.pipeline.spec?.target).toBe('y');
  return open;
}

/** Nothing a search may write: no pipeline version, no run, no model. */
async function nothingStored() {
  expect(await pipelineStore.listPipelineVersions('Predict y')).toEqual([]);
  expect(await runStore.listRuns()).toEqual([]);
  expect(await modelStore.listModels()).toEqual([]);
}

describe('Find the best model', () => {
  it('searches the open pipeline\'s data with the panel\'s settings; the leaderboard fills as candidates finish', async () => {
    const { studio, engine } = await loaded();
    const openSpec = structuredClone(studio.pipeline.spec);
    studio.automl.params = { ...studio.automl.params, trials: 5, models: 'logistic_regression,gaussian_nb,knn', seed: 7 };
    const seen: number[] = [];
    engine.watchAutoml = (e) => {
      if (e.type === 'trial') seen.push(studio.automl.leaderboard.filter((row) => row.index === e.entry.index && row.rung === e.entry.rung).length);
    };
    expect(studio.automlBlocker).toBeNull();
    await studio.findBestModel();

    expect(engine.searches).toEqual([searchPipeline(openSpec, 'y', 'classification', studio.automl.params)]);
    // Each finished candidate was on the leaderboard at once: five candidates on the first deal of
    // folds, the best two on all three deals, and the ensemble.
    expect(seen).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
    const result = studio.automl.result;
    expect(result?.stopped).toBe('complete');
    expect(studio.automl.leaderboard).toEqual(result?.leaderboard);
    expect(studio.automl.plan?.validation).toBe('5-fold cross-validation, repeated 3 times, on 48 training rows');
    // The chart follows the best score; the winner is the simplest candidate near it.
    expect(studio.automl.history.at(-1)?.score).toBe(result?.leaderboard[0].score);
    expect(studio.automl.leaderboard).toContainEqual(result?.best);
    expect(studio.automl.message).toMatch(/^Done after 6 candidates in /);
    // The open pipeline is as it was; the search stored nothing.
    expect(studio.pipeline.spec).toEqual(openSpec);
    await nothingStored();
  });

  it('Cancel keeps the best so far and stores nothing; the winner opens as a pipeline that runs and is versioned', async () => {
    const { studio, engine } = await loaded();
    studio.automl.params = { ...studio.automl.params, trials: 12, models: 'logistic_regression,gaussian_nb,knn', seed: 3 };
    let finished = 0;
    engine.watchAutoml = (e) => {
      if (e.type === 'trial' && ++finished === 3) studio.automl.cancel();
    };
    await studio.findBestModel();
    expect(engine.calls).toContain('cancelAutoml');
    const result = studio.automl.result;
    expect(result?.stopped).toBe('cancelled');
    const scored = studio.automl.leaderboard.filter((e): e is TrialEntry & { score: number } => e.score !== undefined);
    expect(scored).toHaveLength(3);
    expect(result?.best).toEqual(simplestNearBest(scored, false, 5));
    expect(studio.automl.message).toMatch(/^Cancelled: kept the best so far after /);
    expect(studio.automl.running).toBe(false);
    await nothingStored();

    studio.openAutomlWinner();
    const winner = result?.winner as PipelineSpec;
    expect(studio.pipeline.spec).toEqual(winner);
    expect(studio.pipeline.spec?.nodes.find((n) => n.kind === result?.best.kind)?.params).toMatchObject(result?.best.params ?? {});
    expect(studio.versions.notice).toBe(`Opened the AutoML winner (${result?.best.kind}) as "Predict y (AutoML)": run it to fit it on all the training rows and score the test rows.`);
    // An ordinary pipeline: Run trains it (the fake hands back what the core fits for it) and versions it.
    expect(studio.runBlocker).toBeNull();
    engine.nextRun = [await runFirstModel(winner, (await parseCsv(CSV)).table, { dataset: { name: 'sum.csv', sha256: '' } })];
    await studio.run();
    expect(engine.runs).toEqual([winner]);
    expect(studio.training.summary?.modelKind).toBe(result?.best.kind);
    const versions = await pipelineStore.listPipelineVersions('Predict y (AutoML)');
    expect(versions.map((v) => v.spec)).toEqual([winner]);
  });

  it('says why a search cannot run, and shows a failed search\'s reason', async () => {
    const { studio, engine } = await loaded();
    studio.automl.params = { ...studio.automl.params, metric: 'r2' };
    expect(studio.automlBlocker).toBe('Fix the settings first: metric r2 is for regression, but the target asks for classification');
    await studio.findBestModel();
    expect(engine.searches).toEqual([]);
    // A file the reader takes for one class only gets the search's own message.
    studio.automl.params = { ...studio.automl.params, metric: 'auto', trials: 2 };
    await studio.data.addFiles([csvFile('one.csv', 'a,y\n1,x\n2,x\n3,x\n')]);
    await studio.findBestModel();
    expect(studio.automl.error).toBe('The target "y" has only one class; classification needs two or more');
    expect(studio.automl.result).toBeNull();
  });
});

describe('a pipeline with an AutoML node', () => {
  it('runs its search on Run, with the node\'s settings; the version is kept as for any run', async () => {
    const { studio, engine } = await loaded();
    const spec = searchPipeline(null, 'y', 'classification', { trials: 3, models: 'gaussian_nb,knn', ensemble: false });
    expect(await studio.openPipelineFile(new File([serializePipeline(spec)], 'search.pipeline.json'))).toBe(true);
    expect(studio.runBlocker).toBeNull();
    await studio.run();
    expect(engine.searches).toEqual([spec]);
    expect(engine.runs).toEqual([]);
    expect(studio.automl.result?.trials).toBe(3);
    expect((await pipelineStore.listPipelineVersions('AutoML for y')).map((v) => v.spec)).toEqual([spec]);
  });
});
