import { defineConfig } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import svelteParser from 'svelte-eslint-parser';
import { builtinModules } from 'node:module';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

/**
 * Core modules that load TensorFlow.js, directly or through what they import. The page (src/ui,
 * src/app) never loads tfjs (DESIGN.md §3, descriptor vs implementation): it may import their types
 * only. This is the one list; a `!` line takes a tfjs-free module back out of the folder above it.
 */
const TFJS_CORE_MODULES = [
  // Model implementations; the kinds' descriptors (descriptors/, kinds, contract) are the page's.
  '**/core/models/*',
  '!**/core/models/data',
  '!**/core/models/contract',
  '!**/core/models/kinds',
  '!**/core/models/training-params',
  '!**/core/models/cpu-backend',
  '!**/core/models/descriptors',
  '**/core/models/network/*',
  '**/core/models/trees/*',
  '**/core/models/solvers/*',
  '**/core/pipeline/run',
  '**/core/pipeline/train-branch',
  '**/core/pipeline/predict',
  '**/core/webgpu/*',
  '**/core/bundle/*',
  '!**/core/bundle/model-info',
  // The search fits candidates through the executor, in pool tasks; its settings, space and pipelines are the page's.
  '**/core/automl/evaluate',
  '**/core/automl/search',
  '**/core/automl/run',
  '**/core/parallel/tasks',
  '**/core/parallel/in-thread',
  '!**/core/bundle/governance',
];

/** The folders of src/ as layers (DESIGN.md §1): ui → app → engine, store → core; cli → core. */
const LAYER = { ui: '**/ui/**', app: '**/app/**', engine: '**/engine/**', store: '**/store/**', cli: '**/cli/**' };

const TFJS_PACKAGES = { group: ['@tensorflow/*'], message: 'The page never loads TensorFlow.js: models train and predict in the engine worker (src/engine).' };
const TFJS_CORE = { group: TFJS_CORE_MODULES, allowTypeImports: true, message: 'This core module loads TensorFlow.js, which the page never does: import its types only (`import type`), or what it needs from a tfjs-free module.' };

const NOT_IN_CORE = 'core/ runs unchanged in the page, in workers and in Node: no Node-only module, no UI library, no IndexedDB, no worker plumbing.';

/** Imports a folder may not make, as `@typescript-eslint/no-restricted-imports` patterns (and exact paths). */
const LAYER_RULES = [
  {
    name: 'layers/ui',
    files: ['src/ui/**', 'src/*.{ts,svelte}'],
    patterns: [
      { group: [LAYER.store, LAYER.engine], allowTypeImports: true, message: 'ui/ renders state and calls commands of src/app; storage and the engine are reached through src/app (type-only imports may cross).' },
      { group: [LAYER.cli], message: 'ui/ runs in the page; src/cli is the Node entry.' },
      TFJS_PACKAGES,
      TFJS_CORE,
    ],
  },
  {
    name: 'layers/app',
    files: ['src/app/**'],
    patterns: [
      { group: [LAYER.ui, LAYER.cli], message: 'app/ holds state and commands for ui/ to render; it imports nothing from ui/ (nor the Node entry, src/cli).' },
      {
        group: [LAYER.engine, '!**/engine/client', '!**/engine/protocol'],
        allowTypeImports: true,
        message: 'The page reaches the engine worker through engine/client and engine/protocol; the rest of src/engine runs in the worker.',
      },
      TFJS_PACKAGES,
      TFJS_CORE,
    ],
  },
  {
    name: 'layers/engine',
    files: ['src/engine/**'],
    patterns: [{ group: [LAYER.store, LAYER.app, LAYER.ui, LAYER.cli], message: 'engine/ depends on src/core only: what it needs of storage the page lends it (EngineApi.useStoredFiles); shared types live in src/core.' }],
  },
  {
    name: 'layers/store',
    files: ['src/store/**'],
    patterns: [{ group: [LAYER.engine, LAYER.app, LAYER.ui, LAYER.cli], message: 'store/ depends on src/core only: the records it keeps are described by types in src/core.' }],
  },
  {
    name: 'layers/cli',
    files: ['src/cli/**'],
    patterns: [{ group: [LAYER.ui, LAYER.app, LAYER.engine, LAYER.store], message: 'cli/ runs the core in Node; the page, its worker and IndexedDB are not there.' }],
  },
  {
    name: 'layers/core',
    files: ['src/core/**'],
    patterns: [
      { group: [LAYER.ui, LAYER.app, LAYER.engine, LAYER.store, LAYER.cli], message: 'core/ is the ground floor: it imports nothing above it.' },
      { group: ['node:*', 'svelte/*', '@xyflow/*'], message: NOT_IN_CORE },
    ],
    // Exact names: as patterns, a bare name like 'events' would also match core's own './events'.
    paths: [...builtinModules, 'svelte', 'plotly.js-dist-min', 'idb', 'comlink'].map((name) => ({ name, message: NOT_IN_CORE })),
  },
];

export default defineConfig(
  {
    ignores: ['dist/', 'node_modules/', 'dev-dist/', 'test-results/', 'playwright-report/', 'coverage/', 'bench-results/', 'dist-*/'],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
    },
  },
  {
    files: ['public/sw-*.js'],
    languageOptions: { globals: globals.serviceworker },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
    languageOptions: {
      parser: svelteParser,
      parserOptions: {
        parser: tseslint.parser,
        extraFileExtensions: ['.svelte'],
        svelteConfig,
      },
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  ...LAYER_RULES.map(({ name, files, patterns, paths = [] }) => ({ name, files, rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths, patterns }] } })),
  {
    name: 'layers/core-globals',
    files: ['src/core/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['process', 'Buffer', 'global', '__dirname', '__filename', 'require', 'module', 'setImmediate'].map((name) => ({ name, message: `${name} is Node's alone; src/core runs in browsers too.` })),
        ...['window', 'document', 'localStorage', 'sessionStorage', 'indexedDB'].map((name) => ({ name, message: `${name} is the page's alone; src/core runs in workers and in Node too.` })),
      ],
    },
  },
);
