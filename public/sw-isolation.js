/*
 * Loaded by the generated service worker before Workbox. Pages and workers it serves from its cache
 * carry no server headers, so offline the studio would lose cross-origin isolation (and with it the
 * threaded WASM backend). Every response the service worker gives gets the isolation headers here;
 * wrapping respondWith keeps Workbox's own routing untouched.
 */
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

function withIsolationHeaders(response) {
  // Opaque and error responses cannot be rebuilt; redirects must stay as they are.
  if (!response || response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(ISOLATION_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const respondWith = FetchEvent.prototype.respondWith;
FetchEvent.prototype.respondWith = function (response) {
  return respondWith.call(this, Promise.resolve(response).then(withIsolationHeaders));
};
