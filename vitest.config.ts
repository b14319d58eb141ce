import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  // The app's state (src/app/*.svelte.ts) is written in Svelte 5 runes: compile it as the page does
  // (client code, not server-rendering code) and run it on Svelte's browser runtime, whose effects
  // and flushSync work; in Node's default (server) runtime they do nothing.
  plugins: [svelte({ dynamicCompileOptions: () => ({ generate: 'client' }) })],
  ssr: { resolve: { conditions: ['browser'] } },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
