/**
 * The search: candidates (sampler.ts) evaluated by successive halving (halving.ts) on folds of the
 * training rows (validation.ts), a rung of repeated deals last where there are several, every fold a pool task (evaluate.ts) so that the workers share the
 * work; then, when it scores better, a soft-voting ensemble of the best models of different kinds.
 *
 * Two modes. With a fixed number of trials the candidates form one bracket, every rung waits for
 * all of its candidates, and promotion depends on scores alone (ties: the lower candidate number):
 * the same seed gives the same leaderboard on one worker or many. With a time budget, brackets run
 * one after another in a few lanes (so that one bracket's slowest candidate does not idle the
 * workers); once the time left is what the ensemble needs, the candidates still running are stopped
 * and the ensemble has the rest; at the budget whatever still runs is stopped. Cancelling stops
 * everything at once and keeps the best so far.
 */
import { lowerIsBetter } from '../metrics/direction';
import type { ComputeHost } from '../models/contract';
import { VOTING_KIND } from '../models/descriptors/voting';
import { inThreadPool } from '../parallel/in-thread';
import { abortReason, inSharedMemory, type TaskPool } from '../parallel/pool';
import type { TargetLabels } from '../pipeline/features';
import type { ColumnRole } from '../roles/roles';
import type { Column, Table } from '../table/table';
import type { ParamValue, Task } from '../values';
import { AUTOML_FOLD_TASK, type FoldInput, type FoldOutput } from './evaluate';
import { bracketSizes, ETA, promote, searchRungs, survivors } from './halving';
import { ensembleMembers, ensembleSeconds } from './ensemble-members';
import { rankEntries, ranksAbove, simplestNearBest } from './leaderboard';
import { candidatePipeline } from './pipelines';
import { candidateAt, type Candidate } from './sampler';
import { SEARCH_METRICS, type AutomlSettings } from './settings';
import type { SpaceContext } from './space';
import type { AutomlEvent, BestPoint, SearchPlan, TrialEntry } from './types';
import { subsample, validationPlan, type Fold } from './validation';

export interface SearchProblem {
  /** The data part's table. */
  table: Table;
  target: string;
  task: Task;
  /** The outer split's training rows: all the search ever fits on or validates on. */
  train: Int32Array;
  labels: TargetLabels;
  /** The feature columns' roles, which every candidate's preprocessing is built from; without them, each column by its kind. */
  roles?: readonly ColumnRole[];
}

export interface SearchOptions {
  /** Workers to evaluate folds in; without them, one fold at a time in this thread. */
  pool?: TaskPool;
  /** What models get in this thread (without a pool). */
  host?: ComputeHost;
  /** Cancels the search; the best so far is kept. */
  signal?: AbortSignal;
  onEvent?: (event: AutomlEvent) => void;
}

export interface SearchOutcome {
  plan: SearchPlan;
  leaderboard: TrialEntry[];
  best: TrialEntry;
  history: BestPoint[];
  trials: number;
  seconds: number;
  stopped: 'complete' | 'budget' | 'cancelled';
  messages: string[];
}

/** With a budget, the ensemble's members together fit in at most this share of it (the search keeps the rest). */
const ENSEMBLE_SHARE = 0.25;
/**
 * What the search phase leaves the ensemble beyond its estimate (its members' measured fit times):
 * twice that, and seconds for the workers that the end of the search phase stopped to start again
 * and load the members' kinds.
 */
const ENSEMBLE_MARGIN = { factor: 2, seconds: 5 };
/** How often a budgeted search looks at the clock to end its search phase in time for the ensemble. */
const CLOCK_MS = 250;

/** The table's columns in shared memory, so that every task reads them without a copy (text is copied: it is rare and small). */
function shareTable(table: Table): Table {
  const columns = table.columns.map((c): Column => {
    switch (c.kind) {
      case 'categorical':
      case 'boolean':
        return { ...c, codes: inSharedMemory(c.codes) };
      case 'text':
        return c;
      default:
        return { ...c, values: inSharedMemory(c.values) };
    }
  });
  return { rowCount: table.rowCount, columns };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** A seed for rung r's rows in fold f: the same rows for every candidate, so that they compare fairly. */
const rowsSeed = (seed: number, rung: number, fold: number) => (seed + 7919 * (rung + 1) + 104_729 * (fold + 1)) >>> 0;

export async function searchModels(problem: SearchProblem, settings: AutomlSettings, options: SearchOptions = {}): Promise<SearchOutcome> {
  const started = performance.now();
  const elapsed = () => (performance.now() - started) / 1000;
  const emit = options.onEvent ?? (() => {});
  const { task, target, labels } = problem;
  const { metric, seed } = settings;
  const lower = lowerIsBetter(metric);
  const classLabels = labels.classAt && labels.classes ? { classAt: labels.classAt, classes: labels.classes } : undefined;
  const validation = validationPlan(problem.train, settings.folds, seed, classLabels);
  const messages = [...validation.messages];
  const fullRows = Math.min(...validation.folds.map((f) => f.train.length));
  const rungs = searchRungs(fullRows, validation.k, validation.folds.length).map(({ share, folds }) => ({ share, rows: Math.max(1, Math.round(share * fullRows)), folds }));
  const top = rungs.length - 1;
  const context: SpaceContext = { task, rows: fullRows, fewestRows: rungs[0].rows };
  const budgeted = settings.trials === 0;
  const plan: SearchPlan = {
    metric,
    lowerIsBetter: lower,
    validation: validation.description,
    folds: validation.folds.length,
    rungs,
    eta: ETA,
    kinds: settings.kinds,
    ...(budgeted ? { budgetSeconds: settings.budgetSeconds } : { trials: settings.trials }),
  };
  emit({ type: 'plan', plan });
  for (const message of messages) emit({ type: 'log', message });

  const rungFolds: Fold[][] = rungs.map(({ share, folds }, r) =>
    validation.folds.slice(0, folds).map((fold, f) => ({ train: subsample(fold.train, share, rowsSeed(seed, r, f), labels.classAt), validation: fold.validation })),
  );
  const table = shareTable(problem.table);
  const pool = options.pool ?? inThreadPool(options.host);

  // Each evaluation has its own controller (one failing fold ends its siblings); stopping reaches
  // them through this set, not a listener apiece. Two stops: the search phase ends when the time
  // left is what the ensemble needs (its running candidates stopped, the ensemble goes on); `stop`
  // ends everything, at a cancel or when the budget is spent.
  const stop = new AbortController();
  const evaluating = new Set<AbortController>();
  let stopped: SearchOutcome['stopped'] = 'complete';
  /** Why the evaluations stopped now fail: what their leaderboard rows say. */
  let stopReason: string | undefined;
  let searchOver = false;
  const stopEvaluations = (why: 'budget' | 'cancelled') => {
    stopped = why;
    stopReason = why === 'budget' ? 'stopped: the time budget ran out' : 'stopped: the search was cancelled';
    const reason = new DOMException(why === 'budget' ? 'The time budget ran out' : 'The search was cancelled', 'AbortError');
    for (const own of evaluating) own.abort(reason);
    return reason;
  };
  const halt = (why: 'budget' | 'cancelled') => {
    if (stop.signal.aborted) return;
    searchOver = true;
    stop.abort(stopEvaluations(why));
  };
  const endSearch = () => {
    if (searchOver) return;
    searchOver = true;
    stopEvaluations('budget');
  };
  const onCancel = () => halt('cancelled');
  options.signal?.addEventListener('abort', onCancel, { once: true });
  if (options.signal?.aborted) halt('cancelled');
  const deadline = budgeted ? setTimeout(() => halt('budget'), settings.budgetSeconds * 1000) : undefined;

  const entries = new Map<number, TrialEntry>();
  const history: BestPoint[] = [];
  let best: TrialEntry | undefined;
  const better = (a: TrialEntry, b: TrialEntry) => ranksAbove(a, b, lower);
  let evaluations = 0;
  const plannedEvaluations = budgeted ? 0 : bracketSizes(settings.trials, rungs.length).reduce((a, b) => a + b, 0);

  const record = (entry: TrialEntry) => {
    entries.set(entry.index, entry);
    evaluations++;
    emit({ type: 'trial', entry });
    if (entry.rung === top && entry.score !== undefined && (!best || better(entry, best))) {
      best = entry;
      const point = { seconds: elapsed(), score: entry.score, index: entry.index };
      history.push(point);
      emit({ type: 'best', point });
    }
    const fraction = budgeted ? Math.min(1, elapsed() / settings.budgetSeconds) : evaluations / Math.max(plannedEvaluations, evaluations);
    const shown = best?.score !== undefined ? `; best ${SEARCH_METRICS[metric].title} ${best.score.toFixed(4)}` : '';
    emit({ type: 'progress', fraction, message: `${entries.size} candidate${entries.size === 1 ? '' : 's'} tried${shown}` });
  };

  /**
   * Each candidate's fold results on its highest rung so far: the rung of repeated deals reuses those
   * of the first deal (the same rows, the same folds), and fits only the deals it adds.
   */
  const foldResults = new Map<number, { share: number; outputs: FoldOutput[] }>();

  /** A candidate on rung r: every fold a task; the mean and deviation of the metric. */
  const evaluate = async (candidate: Candidate, rung: number): Promise<TrialEntry> => {
    const base = { index: candidate.index, kind: candidate.kind, params: candidate.params, rung, rows: rungs[rung].rows };
    const spec = candidatePipeline(target, task, candidate.kind, candidate.params, seed, problem.roles);
    // One fold failing ends the candidate's other folds too.
    const own = new AbortController();
    if (stop.signal.aborted) own.abort(abortReason(stop.signal));
    evaluating.add(own);
    let entry: TrialEntry;
    try {
      const done = foldResults.get(candidate.index);
      const reused = done?.share === rungs[rung].share ? done.outputs : [];
      const fresh = await Promise.all(
        rungFolds[rung].slice(reused.length).map((fold) =>
          pool.run<FoldInput, FoldOutput>(AUTOML_FOLD_TASK, { table, spec, train: fold.train, validation: fold.validation, seed }, own.signal).catch((e: unknown) => {
            own.abort(e);
            throw e;
          }),
        ),
      );
      const outputs = [...reused, ...fresh];
      foldResults.set(candidate.index, { share: rungs[rung].share, outputs });
      const scores = outputs.map((o) => o.metrics[metric]);
      if (scores.some((s) => s === undefined || !Number.isFinite(s))) throw new Error(`${SEARCH_METRICS[metric].title} is not defined on a validation fold (a fold with one class has no ROC-AUC)`);
      const m = mean(scores);
      entry = { ...base, score: m, std: Math.sqrt(mean(scores.map((s) => (s - m) ** 2))), seconds: outputs.reduce((a, o) => a + o.seconds, 0) };
    } catch (e) {
      const error = own.signal.aborted && stopReason ? stopReason : (e as Error).message;
      entry = { ...base, seconds: 0, error };
    } finally {
      evaluating.delete(own);
    }
    // A candidate stopped on a higher rung keeps its score from the rung below.
    const earlier = entries.get(candidate.index);
    if (entry.error && entry.error === stopReason && earlier?.score !== undefined) return entry;
    record(entry);
    return entry;
  };

  const memberLimits = () => ({
    rungs,
    lowerIsBetter: lower,
    parallel: Math.min(pool.size, validation.folds.length),
    seconds: budgeted ? ENSEMBLE_SHARE * settings.budgetSeconds : undefined,
  });
  const members = () => ensembleMembers(entries.values(), memberLimits());
  /** The time the search phase leaves the ensemble: its estimate, with room for workers started afresh (their running tasks are ended). */
  const reserve = () => {
    const chosen = members();
    return settings.ensemble && chosen.length >= 2 ? ENSEMBLE_MARGIN.factor * ensembleSeconds(chosen, memberLimits()) + ENSEMBLE_MARGIN.seconds : 0;
  };
  /** With a budget: the search phase ends once the time left is what the ensemble needs; the budget's end stops everything. */
  const watchClock = () => {
    if (!budgeted) return;
    // The timer may not have fired yet (a fit that never yields): the clock decides.
    if (elapsed() >= settings.budgetSeconds) halt('budget');
    else if (elapsed() + reserve() >= settings.budgetSeconds) endSearch();
  };
  const mayStart = () => {
    watchClock();
    return !searchOver;
  };
  const clock = budgeted ? setInterval(watchClock, CLOCK_MS) : undefined;
  /** What rung r fits, in rows, over what its rung below fitted: η for a rung of rows; the deals it adds for the rung of repeats. */
  const costOverBelow = (r: number) => {
    const [below, rung] = [rungs[r - 1], rungs[r]];
    const reused = rung.share === below.share ? below.folds : 0;
    return (rung.rows * (rung.folds - reused)) / (below.rows * below.folds);
  };
  /** Whether rung r's evaluations, estimated from their rung below, end before the budget. */
  const fitsInBudget = (below: readonly TrialEntry[], r: number) => !budgeted || elapsed() + (costOverBelow(r) * below.reduce((a, e) => a + e.seconds, 0)) / pool.size < settings.budgetSeconds;

  const runBracket = async (candidates: Candidate[]) => {
    let alive = candidates;
    for (let r = 0; r <= top && alive.length > 0; r++) {
      if (!mayStart()) return;
      const results = await Promise.all(alive.map((c) => evaluate(c, r)));
      if (r === top) return;
      const promoted = promote(results, survivors(alive.length), lower);
      alive = promoted.map((i) => candidates.find((c) => c.index === i) as Candidate);
      if (!fitsInBudget(results.filter((e) => promoted.includes(e.index)), r + 1)) return;
    }
  };

  let next = 0;
  const draw = (count: number) => Array.from({ length: count }, () => candidateAt(next++, settings.kinds, seed, context));
  try {
    if (!budgeted) await runBracket(draw(settings.trials));
    else {
      const size = ETA ** top;
      const lane = async () => {
        while (mayStart()) await runBracket(draw(size));
      };
      const lanes = Math.max(2, Math.ceil(pool.size / validation.folds.length));
      await Promise.all(Array.from({ length: lanes }, lane));
    }
    await tryEnsemble();
  } finally {
    clearTimeout(deadline);
    clearInterval(clock);
    options.signal?.removeEventListener('abort', onCancel);
  }

  async function tryEnsemble() {
    if (!settings.ensemble || stop.signal.aborted) return;
    const chosen = members();
    if (chosen.length < 2) {
      const within = budgeted ? ' whose fits together take at most a quarter of the budget' : '';
      messages.push(
        chosen.length === 0
          ? 'No soft-voting ensemble: no model was validated on all the training rows and every fold'
          : `No soft-voting ensemble: it needs models of two or more kinds (kNN aside)${within}, and only ${chosen[0].kind} qualified`,
      );
      return;
    }
    const params: Record<string, ParamValue> = { members: JSON.stringify(chosen.map((m) => ({ kind: m.kind, params: m.params }))) };
    const entry = await evaluate({ index: next++, kind: VOTING_KIND, params }, top);
    if (entry.score !== undefined && best?.index !== entry.index) messages.push(`The soft-voting ensemble of ${chosen.map((m) => m.kind).join(', ')} scored ${entry.score.toFixed(4)}, not better than the best single model`);
  }

  const leaderboard = rankEntries(entries.values(), lower);
  // The highest rung any candidate finished (the leaderboard ranks it first): the last one, or the
  // first deal of folds when a search stopped before the repeats.
  const reached = leaderboard.find((e) => e.score !== undefined)?.rung;
  const singles = leaderboard.filter((e) => e.rung === reached && e.score !== undefined && e.kind !== VOTING_KIND);
  // The ensemble wins by scoring better than every single model; among these, the simplest within the folds' noise of the best.
  const winner = best?.kind === VOTING_KIND || singles.length === 0 ? (best ?? leaderboard.find((e) => e.score !== undefined)) : simplestNearBest(singles, lower, validation.k);
  if (!winner) throw new Error(nothingFinished(stopped, settings, leaderboard));
  if (winner.rung !== top) {
    const { rows, folds } = rungs[winner.rung];
    messages.push(`No candidate was validated on all the training rows and every fold before the search stopped: the winner is chosen among those on ${rows.toLocaleString('en')} rows per fold, over ${folds} folds`);
  } else if (best && winner.index !== best.index) {
    messages.push(
      `The winner is candidate ${winner.index} (${winner.kind}, ${(winner.score as number).toFixed(4)}): the simplest within one standard error of the best score, candidate ${best.index} (${best.kind}, ${(best.score as number).toFixed(4)} ± ${(best.std ?? 0).toFixed(4)}), a difference the folds cannot tell from noise`,
    );
  }
  for (const message of messages.slice(validation.messages.length)) emit({ type: 'log', message });
  return { plan, leaderboard, best: winner, history, trials: entries.size, seconds: elapsed(), stopped, messages };
}

/** Why a search ended with nothing to offer, in words that say what to do. */
function nothingFinished(stopped: SearchOutcome['stopped'], settings: AutomlSettings, leaderboard: readonly TrialEntry[]): string {
  if (stopped === 'cancelled') return 'The search was cancelled before any model finished its validation: there is no best model yet';
  if (stopped === 'budget') return `The time budget of ${settings.budgetSeconds} s ran out before any model finished its validation: give the search more time`;
  const failed = leaderboard.find((e) => e.error);
  return `Every candidate failed${failed ? `; the first, ${failed.kind}: ${failed.error}` : ''}`;
}
