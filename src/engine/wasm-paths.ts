/**
 * Where tfjs finds its WASM binaries: served by the app itself as hashed assets the service worker
 * precaches (DESIGN.md §4). Imported for its effect by whatever starts the WASM backend (the engine
 * worker, the pool's workers). Where the page is cross-origin isolated, tfjs loads the threaded SIMD
 * binary; elsewhere the single-threaded SIMD one. vite.config.ts keeps threads working in the
 * minified build (tfjsWasmThreads).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});
