/**
 * The fused-trainer bench in Chromium's WebGPU (SwiftShader here): run by tests/bench/gpu.ts, prints
 * each row to stderr and one JSON line {adapter, rows} to stdout.
 */
import { parseArgs } from 'node:util';
import { benchBrowserGpu } from './browser';
import { describeRow } from './fused-vs-tfjs';

const { values: args } = parseArgs({ options: { batches: { type: 'string', default: '256,1024' }, seconds: { type: 'string', default: '3' } } });
const layers = (process.env.GPUBENCH_LAYERS ?? '32,256,256,10').split(',').map(Number);
const result = await benchBrowserGpu(layers, args.batches.split(',').map(Number), Number(args.seconds));
process.stderr.write(`Chromium, adapter: ${result.adapter}\n${result.rows.map(describeRow).join('\n')}\n`);
process.stdout.write(`${JSON.stringify(result)}\n`);
