/** Builds the browser benchmark page (not part of the app): the same workers and core as the studio. */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('./browser/', import.meta.url)),
  logLevel: 'warn',
  worker: { format: 'es' },
  build: { outDir: fileURLToPath(new URL('../../bench-results/browser-dist', import.meta.url)), emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8000 },
  preview: { host: '127.0.0.1', port: 4174, strictPort: true },
});
