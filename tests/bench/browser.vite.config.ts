/** Builds the browser benchmark page (not part of the app): the same workers and core as the studio. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { tfjsWasmThreads } from '../../vite.config.ts';
import { isolationHeaders } from '../../src/security-headers.ts';

export default defineConfig({
  root: fileURLToPath(new URL('./browser/', import.meta.url)),
  logLevel: 'warn',
  worker: { format: 'es', plugins: () => [tfjsWasmThreads()] },
  build: { outDir: fileURLToPath(new URL('../../bench-results/browser-dist', import.meta.url)), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  // Cross-origin isolated like the studio, so the wasm rows use the threaded binary where it can.
  preview: { host: '127.0.0.1', port: 4174, strictPort: true, headers: isolationHeaders },
});
