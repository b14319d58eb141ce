/*
 * Loaded by the generated service worker before Workbox, as sw-headers.js. Pages and workers it
 * serves from its cache carry no server headers, so offline the studio would lose cross-origin
 * isolation (and with it the threaded WASM backend) and its Content-Security-Policy. Every response
 * the service worker gives gets the server's security headers here; wrapping respondWith keeps
 * Workbox's own routing untouched. The build (vite.config.ts, securityHeadersInBuild) replaces
 * __SECURITY_HEADERS__ with the headers of src/security-headers.ts, the one place they are written.
 */
/* global __SECURITY_HEADERS__ */
const SECURITY_HEADERS = __SECURITY_HEADERS__;

function withSecurityHeaders(response) {
  // Opaque and error responses cannot be rebuilt; redirects must stay as they are.
  if (!response || response.type === 'opaque' || response.type === 'opaqueredirect' || response.status === 0) return response;
  const headers = new Headers(response.headers);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

const respondWith = FetchEvent.prototype.respondWith;
FetchEvent.prototype.respondWith = function (response) {
  return respondWith.call(this, Promise.resolve(response).then(withSecurityHeaders));
};
