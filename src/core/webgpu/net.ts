/**
 * The dense network the fused WebGPU trainer runs, read off a tfjs Sequential model of Dense (and
 * Dropout) layers, so the model kinds keep building one topology for both trainers.
 */
import type * as tf from '@tensorflow/tfjs';
import type { OptimizerName } from '../models/training-params';

export type Activation = 'relu' | 'tanh' | 'sigmoid' | 'linear';
/** The output layer's activation decides the loss: softmax cross-entropy, sigmoid binary cross-entropy, MSE. */
export type Head = 'softmax' | 'sigmoid' | 'linear';

export interface DenseSpec {
  inputs: number;
  units: number;
  /** Only hidden layers; the last layer's activation is the net's head. */
  activation: Activation;
  /** Share of this layer's outputs dropped while training (hidden layers only). */
  dropout: number;
  l1: number;
  l2: number;
}

export interface NetSpec {
  layers: DenseSpec[];
  head: Head;
  optimizer: OptimizerName;
}

export type NetReading = { net: NetSpec } | { reason: string };

const HIDDEN: readonly string[] = ['relu', 'tanh', 'sigmoid', 'linear'];

interface DenseConfig {
  units: number;
  activation: string;
  useBias: boolean;
  kernelRegularizer?: { className: string; config: { l1?: number; l2?: number } } | null;
  biasRegularizer?: unknown;
  activityRegularizer?: unknown;
}

/** The net of a model, or why the fused trainer cannot train it (the caller then uses tfjs). */
export function netFromModel(model: tf.LayersModel, optimizer: OptimizerName): NetReading {
  const layers: DenseSpec[] = [];
  let head: string | undefined;
  let inputs = model.inputs[0]?.shape[1] ?? 0;
  for (const layer of model.layers) {
    const name = layer.getClassName();
    if (name === 'Dropout') {
      const last = layers.at(-1);
      if (!last || head !== undefined) return { reason: 'dropout outside the hidden layers' };
      last.dropout = (layer.getConfig() as { rate: number }).rate;
      continue;
    }
    if (name !== 'Dense') return { reason: `${name} layers (only dense layers and dropout are fused)` };
    if (head !== undefined) return { reason: 'a dense layer after the output layer' };
    const c = layer.getConfig() as unknown as DenseConfig;
    if (!c.useBias || c.biasRegularizer || c.activityRegularizer) return { reason: 'a dense layer without bias or with a bias/activity penalty' };
    const reg = c.kernelRegularizer;
    if (reg && reg.className !== 'L1L2') return { reason: `the ${reg.className} weight penalty` };
    const spec: DenseSpec = { inputs: inputs ?? 0, units: c.units, activation: 'linear', dropout: 0, l1: reg?.config.l1 ?? 0, l2: reg?.config.l2 ?? 0 };
    layers.push(spec);
    inputs = c.units;
    if (layer === model.layers.findLast((l) => l.getClassName() === 'Dense')) head = c.activation;
    else if (HIDDEN.includes(c.activation)) spec.activation = c.activation as Activation;
    else return { reason: `the ${c.activation} activation in a hidden layer` };
  }
  if (layers.length === 0 || !layers[0].inputs) return { reason: 'a model without dense layers' };
  if (head !== 'softmax' && head !== 'sigmoid' && head !== 'linear') return { reason: `the ${head} output activation` };
  const outputs = layers[layers.length - 1].units;
  // Softmax needs two classes or more; the sigmoid head is one unit (binary).
  if (head !== 'linear' && (head === 'softmax') !== (outputs > 1)) return { reason: `a ${head} output of ${outputs} units` };
  return { net: { layers, head, optimizer } };
}

/** Where each layer's kernel ([inputs, units], row-major as tfjs stores it) and bias sit in the packed parameter buffer. */
export interface ParamLayout {
  kernel: number[];
  bias: number[];
  total: number;
}

export function paramLayout(net: NetSpec): ParamLayout {
  const kernel: number[] = [];
  const bias: number[] = [];
  let at = 0;
  for (const l of net.layers) {
    kernel.push(at);
    at += l.inputs * l.units;
    bias.push(at);
    at += l.units;
  }
  return { kernel, bias, total: at };
}
