/**
 * Any network kind as a model implementation: the kind gives its architecture (and, for naive
 * Bayes, a closed-form fit); this file gives it the contract. Training: a TensorFlow.js backend
 * from the host (timed for 'auto'), then the epoch loop or the trainer the host lends (the fused
 * WebGPU trainer). Artifacts: a standard LayersModel that plain TensorFlow.js loads.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveParams } from '../../params';
import type { ParamValue, Task } from '../../values';
import type { FitEvent, FitOptions, ModelImplementation } from '../contract';
import type { TrainingSet } from '../data';
import { rowMajorFloat32 } from '../layout';
import type { TrainingParams } from '../training-params';
import { checkLayers, layersFiles, layersScorer, loadLayers, saveLayers } from './artifacts';
import type { NetworkKind, NetworkProbe, NetworkTrainer } from './model';
import { trainModel, type TrainingData } from './train';

/** Regression targets are trained standardised, so one learning rate suits every scale. */
function standardised(values: Float64Array): { y: Float32Array; scale: { mean: number; std: number } } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const std = Math.sqrt(squares / values.length) || 1;
  return { y: Float32Array.from(values, (v) => (v - mean) / std), scale: { mean, std } };
}

function networkData(data: TrainingSet): { training: TrainingData; targetScale?: { mean: number; std: number } } {
  const x = rowMajorFloat32(data);
  const base = { x, rows: data.rows, features: data.columns.length };
  if (data.task === 'classification') return { training: { ...base, y: data.y as Int32Array, outputs: data.classes?.length ?? 0 } };
  const { y, scale } = standardised(data.y as Float64Array);
  return { training: { ...base, y, outputs: 1 }, targetScale: scale };
}

interface EpochTraining {
  kind: NetworkKind;
  model: tf.LayersModel;
  data: TrainingData;
  task: Task;
  values: Record<string, ParamValue>;
  options: FitOptions;
  trainer?: NetworkTrainer;
  progress: (event: FitEvent) => void;
  signal?: AbortSignal;
}

/** The epoch loop, reporting each epoch with its speed and tfjs's memory, and an early stop. */
async function trainEpochs({ kind, model, data, task, values, options, trainer, progress, signal }: EpochTraining): Promise<string> {
  const params = resolveParams<TrainingParams>(kind.params, values);
  let epochStarted = performance.now();
  const outcome = await trainModel(
    model,
    data,
    task,
    params,
    options.seed,
    {
      signal,
      // Time spent paused does not count towards the next epoch's samples per second.
      paused: options.pause
        ? async () => {
            const since = performance.now();
            await options.pause?.();
            epochStarted += performance.now() - since;
          }
        : undefined,
      onEpoch: ({ epoch, epochs, loss, valLoss }) => {
        const seconds = (performance.now() - epochStarted) / 1000;
        epochStarted = performance.now();
        const { numTensors, numBytes } = tf.memory();
        progress({ type: 'iteration', unit: 'epoch', done: epoch, total: epochs, loss, valLoss, samplesPerSecond: data.rows / Math.max(seconds, 1e-6), numTensors, numBytes });
      },
    },
    trainer,
  );
  if (outcome.stoppedEarly) progress({ type: 'log', message: `early stopping, no better validation loss for ${params.patience} epochs; kept the weights of epoch ${outcome.bestEpoch}` });
  return `trained ${outcome.losses.length} epochs`;
}

export function networkModel(kind: NetworkKind): ModelImplementation {
  return {
    async fit(data, values, options, progress, signal) {
      signal?.throwIfAborted();
      const { training, targetScale } = networkData(data);
      const log = (message: string) => progress({ type: 'log', message });
      // A network fitted in closed form trains no steps: there is nothing to time.
      const probe: NetworkProbe | undefined = kind.fit ? undefined : { kind, params: values, inputs: training.features, outputs: training.outputs, task: data.task, rows: data.rows };
      const chosen = options.host.tfjs ? await options.host.tfjs({ probe, pinned: options.pinnedBackend, log }) : { backend: tf.getBackend() };
      progress({ type: 'backend', backend: chosen.backend, msPerStep: chosen.msPerStep });
      const model = kind.build(values, { inputs: training.features, outputs: training.outputs, task: data.task, trainRows: data.rows, targetStd: targetScale?.std ?? 1, seed: options.seed });
      try {
        let how = 'fitted in closed form';
        if (kind.fit) kind.fit(model, values, training);
        else how = await trainEpochs({ kind, model, data: training, task: data.task, values, options, trainer: 'trainer' in chosen ? chosen.trainer : undefined, progress, signal });
        return { artifacts: await saveLayers(model), backend: chosen.backend, targetScale, summary: `${kind.title}, ${training.features} inputs → ${training.outputs} outputs, ${how}` };
      } finally {
        model.dispose();
      }
    },
    check(artifacts) {
      checkLayers(artifacts);
    },
    async load(artifacts) {
      return layersScorer(await loadLayers(artifacts));
    },
    describe: () => ['A standard TensorFlow.js LayersModel: `model/model.json` and `model/weights.bin` load in plain TensorFlow.js (`tf.loadLayersModel`).'],
    tfjsFiles: layersFiles,
  };
}
