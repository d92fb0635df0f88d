// Where a growth-dial step spends its time, on the generated model: a
// CPU profile (Chrome DevTools Protocol) of 60 slider steps, summarised as
// the functions with the most self time. Not a test; asserts nothing.
//
//   node tests/browser/profile-dial.mjs [COMPONENTS] [ZOOM_IN_STEPS]
//
// Builds nothing. For wasm function names in the summary, build with
// names kept (`trunk build --release` of an index.html whose rust link
// carries `data-keep-debug`) and point HEADROOM_DIST at that folder.

import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from '../../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.argv[2] ?? 1000);
const ZOOM_IN = Number(process.argv[3] ?? 0);

const server = await startStaticServer({ root: process.env.HEADROOM_DIST ?? join(ROOT, 'dist'), prefix: '/headroom/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${server.url}#bench=${N}`);
  await page.waitForFunction((n) => document.querySelectorAll('svg[data-testid="canvas"] g[data-component-id]').length === n, N, { timeout: 60_000 });
  await page.waitForTimeout(500);
  for (let k = 0; k < ZOOM_IN; k += 1) {
    await page.click('button[aria-label="Zoom in"]');
    await page.waitForTimeout(100);
  }
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const steps = await page.evaluate(async () => {
    const channel = new MessageChannel();
    const macrotask = () => new Promise((resolve) => { channel.port1.onmessage = () => resolve(); channel.port2.postMessage(0); });
    const slider = document.querySelector('#growth-slider');
    const out = [];
    for (let i = 0; i < 60; i += 1) {
      const t0 = performance.now();
      slider.value = String(i < 30 ? i * 0.1 : (60 - i) * 0.1);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
      await macrotask();
      document.body.offsetHeight;
      out.push(performance.now() - t0);
    }
    return out.sort((a, b) => a - b);
  });
  const { profile } = await cdp.send('Profiler.stop');
  // PROFILE_OUT (a path, optional) keeps the raw profile for a closer look
  // (chrome://inspect or DevTools' Performance panel open it).
  if (process.env.PROFILE_OUT) writeFileSync(process.env.PROFILE_OUT, JSON.stringify(profile));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = profile.timeDeltas;
  profile.samples.forEach((id, i) => {
    const n = byId.get(id);
    const name = `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(name, (self.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
  });
  // Time in a function and what it calls, counted once per sample even
  // when the function recurs.
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  const inclusive = new Map();
  // EXCLUDE (a regular expression, optional) leaves out every sample with
  // a matching function on its stack: the panels that catch up once the
  // slider rests, when the steps are slow enough for their timer to fire.
  const exclude = process.env.EXCLUDE ? new RegExp(process.env.EXCLUDE) : null;
  profile.samples.forEach((id, i) => {
    if (exclude) {
      for (let at = id; at !== undefined; at = parent.get(at)) if (exclude.test(label(byId.get(at)))) return;
    }
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at));
      if (seen.has(name)) continue;
      seen.add(name);
      inclusive.set(name, (inclusive.get(name) ?? 0) + (dt[i] ?? 0) / 1000);
    }
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.log(`dial steps at ${N} components: median ${steps[30].toFixed(1)} ms, p90 ${steps[54].toFixed(1)} ms; profiled ${total.toFixed(0)} ms`);
  for (const [name, ms] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms ${(100 * ms / total).toFixed(1).padStart(5)}%  ${name}`);
  }
  console.log('--- inclusive (with what it calls)');
  for (const [name, ms] of [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, 70)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms ${(100 * ms / total).toFixed(1).padStart(5)}%  ${name.slice(0, 200)}`);
  }
  await context.close();
} finally {
  await browser.close();
  await server.close();
}
