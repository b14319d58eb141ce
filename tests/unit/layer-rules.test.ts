/**
 * The layer rules of eslint.config.js (DESIGN.md §1) fire on imports that break them and stay quiet
 * on those that keep them: each case lints a small snippet as if it were a file in that folder.
 */
import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const LAYER_RULES = new Set(['@typescript-eslint/no-restricted-imports', 'no-restricted-globals']);

let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The layer-rule messages for `code` as the file `filePath` (which need not exist). */
async function layerProblems(filePath: string, code: string): Promise<{ rule: string; line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = result.messages.filter((m) => m.fatal);
  if (fatal.length) throw new Error(`${filePath} did not parse: ${fatal.map((m) => m.message).join('; ')}`);
  return result.messages.filter((m) => m.ruleId !== null && LAYER_RULES.has(m.ruleId)).map((m) => ({ rule: m.ruleId as string, line: m.line, message: m.message }));
}

/** Expect exactly the layer-rule violations on these lines, each from `rule`. */
async function expectViolations(filePath: string, code: string, lines: number[], rule = '@typescript-eslint/no-restricted-imports'): Promise<string[]> {
  const problems = await layerProblems(filePath, code);
  expect(problems.map((p) => [p.rule, p.line])).toEqual(lines.map((line) => [rule, line]));
  return problems.map((p) => p.message);
}

describe('ui/', () => {
  it('may not import the store or the engine, in .ts and .svelte files', async () => {
    const messages = await expectViolations(
      'src/ui/models/Fixture.ts',
      ["import { listModels } from '../../store/models';", "import { startEngine } from '../../engine/client';", 'export const used = [listModels, startEngine];'].join('\n'),
      [1, 2],
    );
    expect(messages[0]).toContain('storage and the engine are reached through src/app');
    await expectViolations('src/ui/models/Fixture.svelte', `<script lang="ts">\n  import { rollbackTarget } from '../../store/models';\n  const previous = rollbackTarget([], 'p');\n</script>\n<p>{previous?.name}</p>\n`, [2]);
  });

  it('may not import TensorFlow.js, nor the core modules that load it', async () => {
    const messages = await expectViolations(
      'src/ui/results/Fixture.ts',
      [
        "import * as tf from '@tensorflow/tfjs';",
        "import { knnModel } from '../../core/models/knn';",
        "import { runPipeline } from '../../core/pipeline/run';",
        "import { readBundle } from '../../core/bundle/bundle';",
        "import { mlpModel } from '../../core/models/network/mlp';",
        'export const used = [tf, knnModel, runPipeline, readBundle, mlpModel];',
      ].join('\n'),
      [1, 2, 3, 4, 5],
    );
    expect(messages[0]).toContain('The page never loads TensorFlow.js');
    expect(messages[1]).toContain('This core module loads TensorFlow.js');
  });

  it('may import the app, tfjs-free core modules, and types from any layer below', async () => {
    const code = [
      "import { studio } from '../../app/studio.svelte';",
      "import { formatBytes } from '../../core/bytes';",
      "import { MODEL_FILE_EXTENSION } from '../../core/bundle/model-info';",
      "import type { ModelRecord } from '../../store/models';",
      "import type { DatasetSummary } from '../../engine/protocol';",
      "import { modelKinds } from '../../core/models/kinds';",
      "import { mlp } from '../../core/models/descriptors/mlp';",
      "import type { NetworkKind } from '../../core/models/network/model';",
      'export const used = [studio, formatBytes, MODEL_FILE_EXTENSION, modelKinds, mlp];',
      'export type Used = [ModelRecord, DatasetSummary, NetworkKind];',
    ].join('\n');
    expect(await layerProblems('src/ui/models/Fixture.ts', code)).toEqual([]);
    // The page's entry files at the top of src/ follow the ui rules.
    await expectViolations('src/main.ts', "import { studioDb } from './store/db';\nexport const used = studioDb;", [1]);
  });
});

describe('app/', () => {
  it('reaches the engine through its client and protocol only, and never imports ui/', async () => {
    await expectViolations(
      'src/app/fixture.ts',
      [
        "import { startEngine } from '../engine/client';",
        "import type { EngineApi } from '../engine/protocol';",
        "import { loadedDataset } from '../engine/library';",
        "import { humanize } from '../ui/editor/layout';",
        "import { listModels } from '../store/models';",
        'export const used = [startEngine, loadedDataset, humanize, listModels];',
        'export type Used = EngineApi;',
      ].join('\n'),
      [3, 4],
    );
  });
});

describe('engine/ and store/', () => {
  it('the engine imports nothing from the store, not even types', async () => {
    await expectViolations(
      'src/engine/fixture.ts',
      [
        "import { getDatasetFile } from '../store/datasets';",
        "import type { DatasetRecord } from '../store/db';",
        "import { parseCsv } from '../core/csv/parse';",
        'export const used = [getDatasetFile, parseCsv];',
        'export type Used = DatasetRecord;',
      ].join('\n'),
      [1, 2],
    );
  });

  it('the store imports nothing from the engine or the app', async () => {
    await expectViolations(
      'src/store/fixture.ts',
      ["import type { DatasetSummary } from '../engine/protocol';", "import { engineApi } from '../app/engine';", "import type { ModelInfo } from '../core/bundle/model-info';", 'export const used = engineApi;', 'export type Used = [DatasetSummary, ModelInfo];'].join('\n'),
      [1, 2],
    );
  });
});

describe('core/', () => {
  it('imports nothing above it, no Node-only module and no UI library', async () => {
    const messages = await expectViolations(
      'src/core/pipeline/fixture.ts',
      [
        "import { studio } from '../../app/studio.svelte';",
        "import type { ModelRecord } from '../../store/models';",
        "import { readFile } from 'node:fs/promises';",
        "import { join } from 'path';",
        "import { writable } from 'svelte/store';",
        "import { planPipeline } from './graph';",
        "import type { RunEvent } from './events';",
        'export const used = [studio, readFile, join, writable, planPipeline];',
        'export type Used = [ModelRecord, RunEvent];',
      ].join('\n'),
      [1, 2, 3, 4, 5],
    );
    expect(messages[0]).toContain('core/ is the ground floor');
    expect(messages[2]).toContain('no Node-only module');
  });

  it("uses no global that only Node or only the page has", async () => {
    await expectViolations('src/core/table/fixture.ts', 'export const cwd = process.cwd();\nexport const title = document.title;\nexport const ok = performance.now();', [1, 2], 'no-restricted-globals');
  });
});

describe('cli/', () => {
  it('runs the core alone', async () => {
    await expectViolations('src/cli/fixture.ts', "import { listModels } from '../store/models';\nimport { parseCsv } from '../core/csv/parse';\nexport const used = [listModels, parseCsv];", [1]);
  });
});
