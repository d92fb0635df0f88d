// The editor's in-browser benchmark, driven headlessly. Not a test: it
// prints timings and asserts nothing about them (speed is measured, never
// asserted; see ARCHITECTURE.md).
//
//   node tests/browser/bench-editor.mjs [COMPONENTS]     (default 200)
//
// Builds nothing: run `trunk build --release` (or scripts/test.sh) first.
// Opens the page with `#bench=N`, which loads `engine::synthetic::
// layered_dag(N, 3N, 7)`, and measures:
//
// - first render: from navigation start until all N boxes are on the
//   page (wasm download and compile included), and the part of it after
//   the page's script started;
// - a drag: per pointer move over a box, the time until the page has
//   handled it, updated the DOM and laid it out again (script, style and
//   layout; what a frame has to fit in 16 ms);
// - the drop that ends the drag (one Move command: engine and layout run);
// - the growth dial: per slider step, the same measure (the engine's
//   report at the new growth, the scene, the DOM), twice: with the whole
//   drawing fitted to the canvas (the page as it opens, the dial and the
//   drawing on one screen; at that zoom the boxes are drawn without their
//   texts, too small to read), zoomed in three steps from there (the zoom
//   with the most figures on screen: every box shows its utilisation) and
//   at 100% zoom (every text of the boxes and arrows on screen changes);
//   then again at 100% zoom with p99 on the boxes (the legend's latency
//   switch: every box's response-time percentile at each step, issue 13's
//   "≤ 16 ms a step median with p99 shown");
// - 10^6 simulated requests of the sample (the Simulation panel, run in
//   slices with the page live), from the click to the comparison.
//
// Each update is timed as: dispatch the event → yield one macrotask (the
// page's reactive effects run in microtasks before it) → force style and
// layout → now.

import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from '../../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = Number(process.argv[2] ?? 200);
const RUNS = 3;

const server = await startStaticServer({ root: process.env.HEADROOM_DIST ?? join(ROOT, 'dist'), prefix: '/headroom/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  const mean = sorted.reduce((s, v) => s + v, 0) / sorted.length;
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1], mean };
}

const fmt = (s) => `median ${s.median.toFixed(2)} ms, mean ${s.mean.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms, max ${s.max.toFixed(2)} ms (${s.n} updates)`;

const results = { firstRender: [], afterScript: [], drag: [], drop: [], dial: [], dialMiddle: [], dialNear: [], dialMiddleP99: [], dialP99: [], simulation: [] };
const screens = {};
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(`${server.url}#bench=${N}`);
    const rendered = await page.waitForFunction((n) => {
      if (document.querySelectorAll('svg[data-testid="canvas"] g[data-component-id]').length !== n) return false;
      const script = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
      return { at: performance.now(), wasmLoaded: script ? script.responseEnd : 0 };
    }, N, { polling: 'raf', timeout: 60_000 }).then((h) => h.jsonValue());
    results.firstRender.push(rendered.at);
    results.afterScript.push(rendered.at - rendered.wasmLoaded);
    // The panels under the drawing mount one a task after it (ui/staged.rs):
    // what follows times the page once it is whole.
    await page.locator('[data-testid="decisions"]').waitFor({ state: 'attached', timeout: 300_000 });
    await page.waitForTimeout(300);

    const timings = await page.evaluate(async () => {
      const channel = new MessageChannel();
      const macrotask = () => new Promise((resolve) => {
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(0);
      });
      const svg = document.querySelector('svg[data-testid="canvas"]');
      const settle = async () => {
        await macrotask();
        // Style and layout of what changed.
        svg.getBoundingClientRect();
        document.body.offsetHeight;
      };
      const timed = async (act) => {
        const t0 = performance.now();
        act();
        await settle();
        return performance.now() - t0;
      };
      // Drag the box nearest the middle of the screen.
      const frame = svg.getBoundingClientRect();
      const boxes = [...svg.querySelectorAll('g[data-component-id]')];
      let target = boxes[0];
      let best = Infinity;
      for (const g of boxes) {
        const r = g.querySelector('rect.node-box').getBoundingClientRect();
        const d = Math.hypot(r.x + r.width / 2 - (frame.x + frame.width / 2), r.y + r.height / 2 - (frame.y + frame.height / 2));
        if (d < best) { best = d; target = g; }
      }
      const r = target.querySelector('rect.node-box').getBoundingClientRect();
      const start = { x: r.x + r.width / 2, y: r.y + r.height / 2 };
      const pointer = (type, x, y) => new PointerEvent(type, {
        bubbles: true, cancelable: true, pointerId: 1, pointerType: 'mouse', isPrimary: true,
        button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: x, clientY: y,
      });
      target.dispatchEvent(pointer('pointerdown', start.x, start.y));
      await settle();
      const drag = [];
      for (let i = 1; i <= 120; i += 1) {
        const x = start.x + i * 3;
        const y = start.y + Math.sin(i / 8) * 40;
        drag.push(await timed(() => svg.dispatchEvent(pointer('pointermove', x, y))));
      }
      const drop = await timed(() => svg.dispatchEvent(pointer('pointerup', start.x + 363, start.y)));
      // The growth dial: 100 steps from 1x towards 1000x and back.
      const slider = document.querySelector('#growth-slider');
      const turnDial = async () => {
        const steps = [];
        for (let i = 0; i < 100; i += 1) {
          const position = i < 50 ? i * 0.06 : (100 - i) * 0.06;
          steps.push(await timed(() => {
            slider.value = String(position);
            slider.dispatchEvent(new Event('input', { bubbles: true }));
          }));
        }
        // Let the panels under the drawing catch up before what follows.
        await new Promise((resolve) => setTimeout(resolve, 300));
        return steps;
      };
      // What a step has to update on screen: boxes seen in the canvas
      // (within the window), and those of them showing their figure.
      const onScreen = () => {
        const c = svg.getBoundingClientRect();
        const shown = [...svg.querySelectorAll('g.node')].filter((g) => {
          const b = g.querySelector('rect.node-box').getBoundingClientRect();
          return b.right > c.left && b.left < c.right && b.bottom > c.top && b.top < Math.min(c.bottom, innerHeight);
        });
        const figures = shown.filter((g) => {
          // Not built at the outline zoom or off screen (ui/node_view.rs).
          const t = g.querySelector('.node-utilisation');
          return t !== null && t.textContent.length > 0 && getComputedStyle(t).display !== 'none';
        });
        return { boxes: shown.length, figures: figures.length, zoom: document.querySelector('.zoom-level').textContent.trim() };
      };
      const fitted = onScreen();
      const dial = await turnDial();
      for (let k = 0; k < 3; k += 1) {
        document.querySelector('button[aria-label="Zoom in"]').click();
        await settle();
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      const middle = onScreen();
      const dialMiddle = await turnDial();
      // The same zoom with p99 on the boxes: every box's percentile is
      // computed at each step, and each shown box's text changes.
      document.querySelector('#box-latency-p99').click();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const dialMiddleP99 = await turnDial();
      document.querySelector('#box-latency-mean').click();
      await new Promise((resolve) => setTimeout(resolve, 300));
      document.querySelector('.zoom-level').click();
      await settle();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const near = onScreen();
      const dialNear = await turnDial();
      document.querySelector('#box-latency-p99').click();
      await new Promise((resolve) => setTimeout(resolve, 300));
      const p99Shown = [...svg.querySelectorAll('.node-latency')].filter((t) => t.textContent.length > 0).length;
      const dialP99 = await turnDial();
      document.querySelector('#box-latency-mean').click();
      return { drag, drop, dial, dialMiddle, dialMiddleP99, dialNear, dialP99, p99Shown, fitted, middle, near, moved: target.getAttribute('data-component-id') };
    });
    if (errors.length > 0) throw new Error(`the page reported errors: ${errors.join('; ')}`);
    results.drag.push(...timings.drag);
    results.drop.push(timings.drop);
    results.dial.push(...timings.dial);
    results.dialMiddle.push(...timings.dialMiddle);
    results.dialNear.push(...timings.dialNear);
    results.dialP99.push(...timings.dialP99);
    results.dialMiddleP99.push(...timings.dialMiddleP99);
    screens.p99Shown = timings.p99Shown;
    screens.fitted = timings.fitted;
    screens.middle = timings.middle;
    screens.near = timings.near;
    await context.close();
  }
  // The simulation, on the sample (the page as it opens).
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await page.goto(server.url);
    await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="simulate"]').click();
    const summary = page.locator('[data-testid="simulation-summary"]');
    await summary.waitFor({ timeout: 60_000 });
    results.simulation.push(Number(await summary.getAttribute('data-elapsed-ms')));
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`Editor benchmark: ${N} components, ${3 * N} dependencies (layered_dag seed 7), ${browser.version()}, ${RUNS} runs`);
console.log(`  first render (navigation start → ${N} boxes on the page): ${fmt(stats(results.firstRender))}`);
console.log(`    of which after the wasm arrived:                        ${fmt(stats(results.afterScript))}`);
console.log(`  drag, per pointer move:                                   ${fmt(stats(results.drag))}`);
console.log(`  drop (one Move command: engine, layout, scene):           ${fmt(stats(results.drop))}`);
const shown = (s) => `${s.boxes} boxes in the window at ${s.zoom}, ${s.figures} of them showing their figure`;
console.log(`  growth dial, per slider step, drawing fitted:             ${fmt(stats(results.dial))}`);
console.log(`    (${shown(screens.fitted)})`);
console.log(`  growth dial, per slider step, zoomed in 3 steps:         ${fmt(stats(results.dialMiddle))}`);
console.log(`    (${shown(screens.middle)})`);
console.log(`  the same with p99 on the boxes:                           ${fmt(stats(results.dialMiddleP99))}`);
console.log(`  growth dial, per slider step, at 100% zoom:               ${fmt(stats(results.dialNear))}`);
console.log(`    (${shown(screens.near)})`);
console.log(`  growth dial, per slider step, at 100% zoom, p99 on boxes: ${fmt(stats(results.dialP99))}`);
console.log(`    (${screens.p99Shown} boxes showing their p99)`);
console.log(`  simulation of the sample, 10^6 requests, page live:       ${fmt(stats(results.simulation))}`);
