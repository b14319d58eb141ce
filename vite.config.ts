import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { contentSecurityPolicyForMeta, isolationHeaders, securityHeaders } from './src/security-headers.ts';

const SERVICE_WORKER_HEADERS = 'sw-headers.js';

/**
 * The production build's share of security-headers.ts: the service worker's header script, with the
 * headers written in, and the policy as index.html's first <meta> (a meta policy covers only what
 * follows it) for static hosts that send no headers. Build only: the dev server runs no service
 * worker, and its client would break under the policy.
 */
export function securityHeadersInBuild(): Plugin {
  const template = fileURLToPath(new URL('./src/service-worker/headers.js', import.meta.url));
  return {
    name: 'security-headers-in-build',
    apply: 'build',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicyForMeta }, injectTo: 'head-prepend' }],
    generateBundle() {
      const source = readFileSync(template, 'utf8');
      if (!source.includes('__SECURITY_HEADERS__;')) this.error(`${template} no longer reads __SECURITY_HEADERS__`);
      this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_HEADERS, source: source.replace('__SECURITY_HEADERS__;', `${JSON.stringify(securityHeaders)};`) });
    },
  };
}

/**
 * tfjs-backend-wasm starts its pthread workers from `factory.toString()`: the source of its own
 * bundled emscripten factory. Minified, that function refers to names outside itself, every thread
 * dies on load and setBackend('wasm') never settles. Inlining the factory's original source keeps
 * threads working in the minified build, as they do in dev.
 */
export function tfjsWasmThreads(): Plugin {
  const factoryFile = createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const source = readFileSync(factoryFile, 'utf8');
  const start = source.indexOf('return (\nfunction(') + 'return ('.length;
  const end = source.lastIndexOf('\n);\n})();');
  if (start < 'return ('.length || end < start) throw new Error(`tfjsWasmThreads: unexpected layout of ${factoryFile}`);
  const factorySource = JSON.stringify(source.slice(start, end));
  return {
    name: 'tfjs-wasm-threads',
    transform(code, id) {
      if (!id.replaceAll('\\', '/').includes('/tfjs-backend-wasm/dist/backend_wasm.js')) return null;
      const patched = code.replace('wasmFactoryThreadedSimd.toString()', factorySource);
      if (patched === code) this.error('wasmFactoryThreadedSimd.toString() is no longer in backend_wasm.js');
      return { code: patched, map: null };
    },
  };
}

const NOT_IN_PAGE = '\0model-implementation-runs-in-the-worker';

/**
 * Model implementations run in the engine worker and in Node, never in the page (DESIGN.md §3): the
 * page imports the kinds' descriptors, whose `implementation` loaders are dynamic imports. In the
 * page's build those loaders resolve to a module that refuses, so no implementation, and no
 * TensorFlow.js, becomes a page chunk. The worker's build (worker.plugins) keeps the real imports.
 */
export function modelImplementationsOnlyInWorker(): Plugin {
  return {
    name: 'model-implementations-only-in-worker',
    apply: 'build',
    resolveDynamicImport(_source, importer) {
      return importer?.replaceAll('\\', '/').includes('/src/core/models/descriptors/') ? NOT_IN_PAGE : null;
    },
    load(id) {
      return id === NOT_IN_PAGE ? 'throw new Error("Model implementations run in the engine worker, not in the page");' : null;
    },
  };
}

export default defineConfig({
  plugins: [
    svelte(),
    modelImplementationsOnlyInWorker(),
    securityHeadersInBuild(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'autoUpdate',
      // Without an import of virtual:pwa-register, 'auto' injects registerSW.js into index.html.
      injectRegister: 'auto',
      // workbox.globPatterns below already precaches everything in public/, icons and samples included.
      includeManifestIcons: false,
      manifest: {
        name: 'Pipeline Studio',
        short_name: 'Pipeline Studio',
        description:
          'A browser-only machine-learning studio: CSV in, trained, saved and shareable models out. Nothing leaves the machine.',
        start_url: '.',
        scope: '.',
        display: 'standalone',
        background_color: '#f7f8fa',
        theme_color: '#2563eb',
        icons: [
          { src: 'icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: 'icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: 'icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
        file_handlers: [
          { action: '.', accept: { 'text/csv': ['.csv'], 'application/octet-stream': ['.pstudio'] } },
        ],
      },
      workbox: {
        globPatterns: ['**/*.{js,css,html,wasm,csv,json,png,svg}'],
        // plotly (4.6 MB) and the tfjs worker chunk (~3 MB) are far above workbox's 2 MiB default.
        maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
        navigateFallback: 'index.html',
        cleanupOutdatedCaches: true,
        importScripts: [SERVICE_WORKER_HEADERS],
      },
    }),
  ],
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  optimizeDeps: {
    // Crawl the engine worker too, so the dev server pre-bundles tfjs & co. up front instead of
    // discovering them on the first load and reloading the page mid-way.
    entries: ['index.html', 'src/engine/engine.worker.ts'],
  },
  build: {
    target: 'es2022',
    // plotly.js is one 4.6 MB chunk, loaded lazily; say so instead of warning on every build.
    chunkSizeWarningLimit: 6000,
  },
  server: { host: '127.0.0.1', port: 5173, headers: isolationHeaders },
  preview: { host: '127.0.0.1', port: 4173, headers: securityHeaders },
});
