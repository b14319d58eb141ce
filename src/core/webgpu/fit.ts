/// <reference types="@webgpu/types" />
/**
 * The epoch loop of trainModel on the fused trainer: the same hold-out, seeded shuffles, learning-rate
 * schedule, class weights, divergence check, pause/cancel and early stopping, with each epoch's order
 * uploaded as row indices only and the loss read back once per chunk of steps.
 */
import type * as tf from '@tensorflow/tfjs';
import { effectiveBatchSize, type TrainingParams } from '../models/training-params';
import {
  balancedClassWeights,
  DIVERGENCE_FACTOR,
  holdOut,
  learningRateAt,
  REFERENCE_ROWS,
  TrainingDiverged,
  TrainingStopped,
  untilResumed,
  type TrainingData,
  type TrainingHooks,
  type TrainingOutcome,
} from '../models/network/train';
import type { NetworkTrainer } from '../models/network/model';
import type { Task } from '../pipeline/spec';
import { seededRng, shuffleInPlace } from '../random';
import { packWeights, setPackedWeights } from './layers-model';
import { netFromModel, type NetSpec } from './net';
import type { RegisterBlock } from './kernels';
import { FusedTrainer, limitsProblem, type StepPlan } from './trainer';

/** Steps covering `rows` rows from `offset` in batches; a training step's loss is its batch mean, an evaluation's adds up to the mean over all rows. */
function plan(offset: number, rows: number, batch: number, train: boolean, lr: number): StepPlan[] {
  const steps: StepPlan[] = [];
  for (let done = 0; done < rows; done += batch) {
    const n = Math.min(batch, rows - done);
    steps.push({ offset: offset + done, rows: n, train, lr, scale: train ? 1 / n : 1 / rows });
  }
  return steps;
}

async function fit({ device, registerBlock }: FusedGpu, net: NetSpec, model: tf.LayersModel, data: TrainingData, task: Task, params: TrainingParams, seed: number, hooks: TrainingHooks): Promise<TrainingOutcome> {
  const rng = seededRng(seed);
  const rows = holdOut(data.rows, params.validation_fraction, rng);
  const nTrain = rows.train.length;
  const nVal = rows.validation.length;
  const batch = effectiveBatchSize(params.batch_size, nTrain);
  const classes = net.head === 'linear' ? 1 : Math.max(2, data.outputs);
  const weights = task === 'classification' && params.class_weight === 'balanced' ? balancedClassWeights(Int32Array.from(rows.train, (r) => data.y[r]), classes) : undefined;
  const trainer = await FusedTrainer.create(
    device,
    net,
    { x: data.x, y: Float32Array.from(data.y), classWeights: Float32Array.from({ length: classes }, (_, c) => weights?.[c] ?? 1), indices: nTrain + nVal },
    batch,
    seed,
    registerBlock,
  );
  const stopped = () => hooks.signal?.aborted === true;
  const outcome: TrainingOutcome = { losses: [], valLosses: [], bestEpoch: 0, stoppedEarly: false };
  try {
    trainer.writeParams(packWeights(model));
    trainer.setIndices(nTrain, Uint32Array.from(rows.validation));
    const meanLoss = async (offset: number, n: number) => (await trainer.run(plan(offset, n, batch, false, 0))).reduce((a, b) => a + b, 0);
    // The divergence reference on the same evenly spaced training rows as trainModel's (the epochs then overwrite them).
    const stride = Math.max(1, nTrain / REFERENCE_ROWS);
    const reference = Uint32Array.from({ length: Math.min(nTrain, REFERENCE_ROWS) }, (_, i) => rows.train[Math.floor(i * stride)]);
    trainer.setIndices(0, reference);
    const initialLoss = await meanLoss(0, reference.length);
    const order = Int32Array.from({ length: nTrain }, (_, i) => i);
    let best = { epoch: 0, loss: Infinity };
    for (let epoch = 1; epoch <= params.epochs; epoch++) {
      await untilResumed(hooks);
      if (stopped()) throw new TrainingStopped('Training was cancelled.');
      shuffleInPlace(order, rng);
      trainer.setIndices(0, Uint32Array.from(order, (i) => rows.train[i]));
      const steps = plan(0, nTrain, batch, true, learningRateAt(params, epoch));
      const losses = await trainer.run(steps, stopped);
      if (stopped()) throw new TrainingStopped('Training was cancelled.');
      // As tfjs's fit reports it: the batch losses weighted by their rows.
      const loss = steps.reduce((sum, s, i) => sum + losses[i] * s.rows, 0) / nTrain;
      if (!Number.isFinite(loss) || loss > DIVERGENCE_FACTOR * initialLoss) throw new TrainingDiverged(epoch, loss, initialLoss);
      outcome.losses.push(loss);
      const valLoss = nVal ? await meanLoss(nTrain, nVal) : undefined;
      if (valLoss !== undefined) outcome.valLosses.push(valLoss);
      hooks.onEpoch?.({ epoch, epochs: params.epochs, loss, valLoss });
      outcome.bestEpoch = epoch;
      if (params.patience > 0 && valLoss !== undefined) {
        if (valLoss < best.loss) {
          best = { epoch, loss: valLoss };
          trainer.saveBest();
        }
        if (epoch - best.epoch >= params.patience) {
          outcome.stoppedEarly = true;
          break;
        }
      }
      // One turn of the event loop per epoch, so a cancel message (or a comlink call) gets in.
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (best.epoch > 0) {
      trainer.restoreBest();
      outcome.bestEpoch = best.epoch;
    }
    setPackedWeights(model, await trainer.readParams());
    return outcome;
  } finally {
    trainer.destroy();
  }
}

/** Why the fused trainer cannot train this model, or undefined when it can. */
export function fusedProblem(device: GPUDevice, model: tf.LayersModel, data: Pick<TrainingData, 'rows'>, params: TrainingParams): string | undefined {
  const read = netFromModel(model, params.optimizer);
  if ('reason' in read) return read.reason;
  const batch = effectiveBatchSize(params.batch_size, data.rows);
  return limitsProblem(device.limits, read.net, data.rows, batch, data.rows);
}

/** A device for the fused trainer and the register block its kernels take there (see RegisterBlock). */
export interface FusedGpu {
  device: GPUDevice;
  registerBlock: RegisterBlock;
}

/** The fused WebGPU trainer on a device, in the shape trainModel routes dense models through. */
export function fusedTrainer(gpu: FusedGpu): NetworkTrainer {
  return {
    unsupported: (model, data, params) => fusedProblem(gpu.device, model, data, params),
    train(model, data, task, params, seed, hooks) {
      const read = netFromModel(model, params.optimizer);
      if ('reason' in read) throw new Error(`The fused WebGPU trainer cannot train this model: ${read.reason}`);
      return fit(gpu, read.net, model, data, task, params, seed, hooks);
    },
  };
}
