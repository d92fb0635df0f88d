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
// median over runs, read in the page (an init script watches the
// document, so the figures do not wait for the test to get control back
// after the load event):
//
// - wasm fetched: navigation start → the .wasm's last byte;
// - in the page: → every box of the model in the document;
// - drawn: → the first task after the frame that shows them has been
//   rendered (a user-blocking task, ahead of the page's timers);
// - answers the dial: → the first dial step's result on the page (the
//   dial moved one step as a key would move it, as soon as the drawing
//   is on screen; the growth field shows the new value and the page has
//   laid it out).

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

// Installed in every page before its scripts run: stamps the moment all
// `expected` boxes are in the document, the frame after it has painted,
// and the dial's answer to one step made right then.
function watchFirstDrawing(expected) {
  const marks = { inPage: null, drawn: null, answered: null };
  window.__firstDrawing = marks;
  const boxes = () => document.querySelectorAll('svg[data-testid="canvas"] g[data-component-id]').length;
  const stepTheDial = () => {
    const field = document.querySelector('#growth-input');
    const slider = document.querySelector('input[aria-label="Growth (log scale)"]');
    const before = field.value;
    slider.focus();
    slider.stepUp();
    slider.dispatchEvent(new Event('input', { bubbles: true }));
    const check = () => {
      if (field.value === before) {
        requestAnimationFrame(check);
        return;
      }
      document.body.offsetHeight;
      marks.answered = performance.now();
    };
    check();
  };
  const observer = new MutationObserver(() => {
    const n = boxes();
    if (n === 0 || (expected !== null && n !== expected)) return;
    observer.disconnect();
    marks.inPage = performance.now();
    // The task after the frame's rendering: a user-blocking task runs
    // before the page's own timers (the panels mounting one by one), so
    // it stamps the paint, not the panels after it.
    requestAnimationFrame(() => scheduler.postTask(() => {
      marks.drawn = performance.now();
      stepTheDial();
    }, { priority: 'user-blocking' }));
  });
  observer.observe(document, { subtree: true, childList: true });
}

async function measure(page) {
  const marks = await page.waitForFunction(() => {
    const m = window.__firstDrawing;
    if (!m || m.answered === null) return false;
    const wasm = performance.getEntriesByType('resource').find((e) => e.name.endsWith('.wasm'));
    return { ...m, wasm: wasm ? wasm.responseEnd : 0 };
  }, null, { polling: 100, timeout: 60_000 }).then((h) => h.jsonValue());
  const boxes = await page.evaluate(() => document.querySelectorAll('svg[data-testid="canvas"] g[data-component-id]').length);
  return { ...marks, boxes };
}

const first = { wasm: [], inPage: [], drawn: [], answered: [] };
const again = { wasm: [], inPage: [], drawn: [], answered: [] };
let boxes = 0;
try {
  for (let run = 0; run < RUNS; run += 1) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    await context.addInitScript(watchFirstDrawing, N);
    const page = await context.newPage();
    const url = N === null ? server.url : `${server.url}#bench=${N}`;
    await page.goto(url);
    const m0 = await measure(page);
    boxes = m0.boxes;
    for (const key of Object.keys(first)) first[key].push(m0[key]);
    // Let the autosave land before leaving.
    await page.waitForTimeout(1500);
    await page.goto('about:blank');
    await page.goto(server.url);
    const m = await measure(page);
    for (const key of Object.keys(again)) again[key].push(m[key]);
    await context.close();
  }
  const line = (name, r) => console.log(
    `  ${name}: wasm fetched ${median(r.wasm).toFixed(0)} ms, in the page ${median(r.inPage).toFixed(0)} ms, drawn ${median(r.drawn).toFixed(0)} ms, answers the dial ${median(r.answered).toFixed(0)} ms`,
  );
  console.log(`first drawing of ${N === null ? 'the sample' : `a ${N}-component model`} (${boxes} boxes), median of ${RUNS}:`);
  line(N === null ? 'first visit' : 'generated (#bench)', first);
  line(N === null ? 'return visit' : 'stored, reopened', again);
} finally {
  await browser.close();
  await server.close();
}
