import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';

export default defineConfig({
  plugins: [
    svelte(),
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
      },
    }),
  ],
  worker: { format: 'es' },
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
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1', port: 4173 },
});
