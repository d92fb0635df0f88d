// Headroom's service worker: after one visit the page opens and works with
// no network, from whatever path it is served under.
//
// This file is a template. At every build scripts/service-worker.mjs fills in
// BUILD_VERSION (a hash of every file the build wrote) and BUILD_FILES (their
// names, relative to this worker) and writes the result as sw.js beside
// index.html. A new deploy therefore changes sw.js, which is how the browser
// learns of it.
//
// One build, one cache: the worker answers every request from the cache of
// the build it belongs to, so a page never mixes files of two versions. A
// new worker installs beside the old one and waits; the page tells the user
// "a new version is ready" and, when they choose to reload, asks the waiting
// worker to take over ('skip-waiting').

const VERSION = 'BUILD_VERSION';
const FILES = BUILD_FILES;
const CACHE = `headroom-${VERSION}`;
const SCOPE = new URL('./', self.location).href;

self.addEventListener('install', (event) => {
  // cache: 'reload' skips the HTTP cache, so a file is never taken from a
  // previous deploy that a host's cache still holds.
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(FILES.map((file) => new Request(new URL(file, SCOPE), { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names
      .filter((name) => name.startsWith('headroom-') && name !== CACHE)
      .map((name) => caches.delete(name)));
    // The first visit's page is controlled at once, so it works offline
    // without a second load.
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  if (event.data === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || !request.url.startsWith(SCOPE)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    // Every navigation inside the scope is the one page (its state lives in
    // the fragment and in local storage), so it gets this build's index.html.
    const cached = request.mode === 'navigate'
      ? await cache.match(new URL('index.html', SCOPE))
      : await cache.match(request, { ignoreSearch: true });
    return cached ?? fetch(request);
  })());
});
