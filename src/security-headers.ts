/**
 * The studio's security headers, in one place: `vite preview` (and so `npm start`) sends them, the
 * service worker puts them on every response it serves from its cache (src/service-worker/headers.js,
 * generated at build time), and the built index.html carries the policy as a <meta> tag for static
 * hosts that can send no headers. The dev server sends the isolation headers only: Vite's client
 * talks to it over a WebSocket and injects modules a strict policy would refuse.
 */

/**
 * Cross-origin isolation gives the engine worker SharedArrayBuffer, which TensorFlow.js's threaded
 * WASM binary and the worker pool need.
 */
export const isolationHeaders = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Content-Security-Policy: everything from the app's own origin, nothing inline but styles.
 * - script-src 'wasm-unsafe-eval': compiling WebAssembly (tfjs's WASM backend) needs it; plain eval does not get through.
 * - script-src/worker-src blob:: tfjs-backend-wasm starts each pthread as a Worker from a blob: URL
 *   holding emscripten's worker script, which then importScripts() the factory from another blob: URL.
 *   A blob: URL can only be minted by script already running in the origin, so this admits nothing
 *   from elsewhere.
 * - style-src 'unsafe-inline': Plotly adds <style> rules at run time (its modebar, hover labels) and
 *   sets style="…" attributes, as do Svelte and @xyflow/svelte (node positions, bar widths); none of
 *   them can carry a nonce or a hash, and without it every chart logs "Cannot addRelatedStyleRule,
 *   probably due to strict CSP" and renders unstyled. Inline styles cannot run script.
 * - img-src data: blob:: Plotly's images and the icons it draws as data: URLs; object URLs of
 *   exported files.
 */
const policy: Record<string, readonly string[]> = {
  'default-src': ["'self'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'", 'blob:'],
  'worker-src': ["'self'", 'blob:'],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:', 'blob:'],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
};

/** Directives a <meta> policy cannot carry (the HTML standard ignores them there). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function serialise(directives: readonly string[]): string {
  return directives.map((name) => `${name} ${policy[name]!.join(' ')}`).join('; ');
}

export const contentSecurityPolicy = serialise(Object.keys(policy));

/** The same policy for <meta http-equiv="Content-Security-Policy">, less what only a header can say. */
export const contentSecurityPolicyForMeta = serialise(Object.keys(policy).filter((name) => !HEADER_ONLY.has(name)));

/** What the preview server and the service worker send with every response. */
export const securityHeaders = { ...isolationHeaders, 'Content-Security-Policy': contentSecurityPolicy };
