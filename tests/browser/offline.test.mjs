// Offline and installable: after one visit the page opens and works with no
// network (served from a sub-path, as a static host would), and a new deploy
// is noticed and offered as a reload instead of being mixed into the page.
//
// The test serves its own copy of the build, on its own server, so it can
// stop the server (the network is gone) and later serve a second build in
// which one file changed: the same thing a deploy does, with sw.js written
// again by the same script the build runs (scripts/service-worker.mjs).

import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from '../../scripts/static-server.mjs';
import { writeServiceWorker } from '../../scripts/service-worker.mjs';
import { expectStored, openApp } from './app.mjs';
import { sampleReport } from './engine.mjs';
import { expectText, expectVisible, test, waitUntil } from './harness.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = process.env.HEADROOM_DIST ?? join(ROOT, 'dist');
const PREFIX = '/deploy/headroom/';

/** The version the build's sw.js carries. */
function versionOf(build) {
  const found = readFileSync(join(build, 'sw.js'), 'utf8').match(/const VERSION = "([0-9a-f]+)";/);
  assert.ok(found, `${build}/sw.js names its version`);
  return found[1];
}

/** The names of the page's caches (one per build it has seen). */
function cacheNames(page) {
  return page.evaluate(() => caches.keys());
}

async function enterGrowth(page, value) {
  const field = page.locator('input#growth-input');
  await field.fill(String(value));
  await field.press('Enter');
}

test('after one visit the page opens and works offline, and a new deploy is offered as a reload', async ({ page }) => {
  const work = mkdtempSync(join(tmpdir(), 'headroom-offline-'));
  const first = join(work, 'first');
  const second = join(work, 'second');
  cpSync(DIST, first, { recursive: true });
  let server = await startStaticServer({ root: first, prefix: PREFIX });
  const port = Number(new URL(server.url).port);
  try {
    // One visit: the worker installs and takes the page, and caches this build.
    await openApp(page, server.url);
    await waitUntil(
      () => page.evaluate(() => Boolean(navigator.serviceWorker.controller)),
      (controlled) => controlled,
      () => 'the service worker controls the page after the first visit',
    );
    const firstVersion = versionOf(first);
    await waitUntil(() => cacheNames(page), (names) => names.includes(`headroom-${firstVersion}`),
      (names) => `the build's cache headroom-${firstVersion} (caches: ${names})`);
    await enterGrowth(page, 3);
    await expectText(page.locator('[data-testid="banner"]'), sampleReport(3).headline, 'banner at 3x, online');
    await expectStored(page, (doc) => doc.scenario.growth === 3, 'the document at 3x is saved');

    // The network goes: the server is stopped and the browser is offline.
    await server.close();
    server = undefined;
    await page.context().setOffline(true);
    await page.reload();
    await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
    await expectText(page.locator('[data-testid="banner"]'), sampleReport(3).headline,
      'offline: the stored document reopens at 3x');
    await enterGrowth(page, 5);
    await expectText(page.locator('[data-testid="banner"]'), sampleReport(5).headline,
      'offline: the dial still answers (5x)');
    const offlineGroups = await page.locator('svg[data-testid="canvas"] g[data-component-id]').count();
    assert.ok(offlineGroups >= 6, `offline: the drawing is there (${offlineGroups} boxes)`);

    // A second build, one file changed, deployed to the same address. (The
    // page itself: every other file is named by its hash and carries an
    // integrity check, so a rebuild that changes one renames it and
    // rewrites index.html too.)
    cpSync(first, second, { recursive: true });
    const page2 = join(second, 'index.html');
    writeFileSync(page2, readFileSync(page2, 'utf8').replace('</head>', '<!-- the next deploy --></head>'));
    writeServiceWorker(second);
    const secondVersion = versionOf(second);
    assert.notEqual(secondVersion, firstVersion, 'a changed file gives the worker a new version');
    server = await startStaticServer({ root: second, prefix: PREFIX, port });
    await page.context().setOffline(false);

    // The open page learns of it on its next load and asks; it keeps its build meanwhile.
    await page.reload();
    await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
    const notice = page.locator('[data-testid="update-ready"]');
    await expectVisible(notice, 'the new-version message', { timeout: 20_000 });
    assert.match(await notice.textContent(), /A new version of Headroom is ready/);
    const before = await cacheNames(page);
    assert.ok(before.includes(`headroom-${firstVersion}`), `still the first build's cache in use: ${before}`);

    // Reload: the page comes back on the second build, with the document as it was.
    await Promise.all([
      page.waitForEvent('load', { timeout: 20_000 }),
      page.locator('[data-testid="update-reload"]').click(),
    ]);
    await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
    await expectText(page.locator('[data-testid="banner"]'), sampleReport(5).headline,
      'after the update: the document at 5x');
    await waitUntil(() => cacheNames(page),
      (names) => names.includes(`headroom-${secondVersion}`) && !names.includes(`headroom-${firstVersion}`),
      (names) => `only the second build's cache is kept (caches: ${names})`);
    assert.equal(await notice.count(), 0, 'no new-version message on the new build');
  } finally {
    await server?.close();
    rmSync(work, { recursive: true, force: true });
  }
});

test('the page is installable: a manifest with its icons, and a service worker listing every file of the build', async ({ page, url }) => {
  await openApp(page, url);
  const manifestUrl = await page.locator('link[rel="manifest"]').getAttribute('href');
  const manifest = await page.evaluate(async (href) => (await fetch(href)).json(), manifestUrl);
  assert.equal(manifest.start_url, './');
  assert.equal(manifest.scope, './');
  assert.equal(manifest.display, 'standalone');
  const sizes = manifest.icons.map((icon) => icon.sizes);
  assert.ok(sizes.includes('192x192') && sizes.includes('512x512'), `icons: ${sizes}`);
  for (const icon of manifest.icons) {
    const status = await page.evaluate(async (src) => (await fetch(src)).status, icon.src);
    assert.equal(status, 200, `icon ${icon.src}`);
  }
  // Every file of the build is in the worker's list, and nothing that is not there.
  const listed = JSON.parse(readFileSync(join(DIST, 'sw.js'), 'utf8').match(/const FILES = (\[[\s\S]*?\]);/)[1]);
  const built = [];
  const walk = (dir, prefix) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (`${prefix}${entry.name}` !== 'sw.js') built.push(`${prefix}${entry.name}`);
    }
  };
  walk(DIST, '');
  assert.deepEqual(listed, built.sort());
  assert.ok(listed.some((file) => file.endsWith('.wasm')) && listed.includes('index.html'), `listed: ${listed}`);
});
