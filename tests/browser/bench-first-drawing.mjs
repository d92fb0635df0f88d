// How long from navigation to a drawing that answers the dial, driven
// headlessly. Not a test: it prints timings and asserts nothing about them
// (speed is measured, never asserted).
//
//   node tests/browser/bench-first-drawing.mjs [COMPONENTS]
//
// Builds nothing: run `trunk build --release` first. Without COMPONENTS
// it opens the page as a first visit does (the sample). With it, the
// page first opens `#bench=N` (the generated N-component model, which the
// page stores as a new document), then is opened again without the
// fragment, so it reloads that stored document: what a team reopening
// its own large model waits for. Each run is a fresh browser context,
// then that second opening in the same context (the wasm's compiled code
// cached, as on a return visit). It prints where the time goes, each a
// median over runs:
//
// - wasm fetched: navigation start → the .wasm's last byte;
// - drawn: → every box of the model on the page;
// - answers the dial: → the first dial step's result on the page (the
//   dial moved one step by keyboard; the growth field shows the new value
//   and the page has laid it out).

import { chromium } from 'playwright-core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { startStaticServer } from '../../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const N = process.argv[2] ? Number(process.argv[2]) : null;
const RUNS = 5;

const server = await startStaticServer({ root: process.env.HEADROOM_DIST ?? join(ROOT, 'dist'), prefix: '/headroom/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--no-first-run', '--disable-background-networking'],
});

const median = (xs) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

async function measure(page, expected) {
  const drawn = await page.waitForFunction((n) => {
    const boxes = document.querySelectorAll('svg[data-testid="canvas"] g[data-component-id]').length;
    if (boxes === 0 || (n !== null && boxes !== n)) return false;
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return { at: performance.now(), wasm: wasm ? wasm.responseEnd : 0, boxes };
  }, expected, { polling: 'raf', timeout: 60_000 }).then((h) => h.jsonValue());
  const answered = await page.evaluate(async () => {
    const field = document.querySelector('#growth-input');
    const slider = document.querySelector('input[aria-label="Growth (log scale)"]');
    const before = field.value;
    // One step, as an arrow key moves it: the value, then the input event
    // the page listens to.
    slider.focus();
    slider.stepUp();
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    while (field.value === before) {
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
    document.body.offsetHeight;
    return performance.now();
  });
  return { wasm: drawn.wasm, drawn: drawn.at, answered, boxes: drawn.boxes };
}

const first = { wasm: [], drawn: [], answered: [] };
const again = { wasm: [], drawn: [], answered: [] };
let boxes = 0;
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const url = N === null ? server.url : `${server.url}#bench=${N}`;
    await page.goto(url);
    for (const [into, m] of [[first, await measure(page, N)]]) {
      boxes = m.boxes;
      into.wasm.push(m.wasm);
      into.drawn.push(m.drawn);
      into.answered.push(m.answered);
    }
    // Let the autosave land before leaving.
    await page.waitForTimeout(1500);
    await page.goto('about:blank');
    await page.goto(server.url);
    const m = await measure(page, N);
    again.wasm.push(m.wasm);
    again.drawn.push(m.drawn);
    again.answered.push(m.answered);
    await context.close();
  }
  const line = (name, r) => console.log(
    `  ${name}: wasm fetched ${median(r.wasm).toFixed(0)} ms, drawn ${median(r.drawn).toFixed(0)} ms, answers the dial ${median(r.answered).toFixed(0)} ms`,
  );
  console.log(`first drawing of ${N === null ? 'the sample' : `a ${N}-component model`} (${boxes} boxes), median of ${RUNS}:`);
  line(N === null ? 'first visit' : 'generated (#bench)', first);
  line(N === null ? 'return visit' : 'stored, reopened', again);
} finally {
  await browser.close();
  await server.close();
}
