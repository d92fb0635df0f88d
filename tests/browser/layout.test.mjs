// A page organised around the dial: the dial and the headline stay in view
// however far the page scrolls, links jump to each section, the first
// screen holds the whole drawing, the dial's keys stop at round growths,
// presentation reads from the back row at the commonest projector sizes
// (no clipped text, nothing under 14 px, nothing covered), a template is
// always a new document, new boxes get numbered names, and the whole page
// is drawn at rest (printing, full-page pictures). Expected growths come
// from the page's own rules, stated here as a person would read them.

import assert from 'node:assert/strict';

import { openApp } from './app.mjs';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';
const SIZES = [[1024, 768], [1280, 800], [1920, 1080]];

/** The growth the big readout shows, as a number. */
async function shownGrowth(page) {
  const text = await page.locator('#growth-value').textContent();
  return Number(text.replace('×', '').replace(/,/g, ''));
}

/** Every visible element with its own text that leaves the window, or whose type is under `minimum` px. */
function badText(page, minimum) {
  return page.evaluate((min) => {
    const problems = [];
    const shown = (e) => {
      const r = e.getBoundingClientRect();
      const cs = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && cs.visibility !== 'hidden' && !e.closest('.visually-hidden, [hidden], dialog:not([open])');
    };
    const ownText = (e) => [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim() !== '');
    const canvas = document.querySelector('svg[data-testid="canvas"]');
    const frame = canvas?.getBoundingClientRect();
    for (const e of document.querySelectorAll('body *')) {
      if (!ownText(e) || !shown(e)) continue;
      const r = e.getBoundingClientRect();
      // Inside the first screen only: what is scrolled below is not on it.
      if (r.top >= innerHeight || r.bottom <= 0) continue;
      const inCanvas = canvas && canvas.contains(e);
      const scale = inCanvas && e.getScreenCTM ? e.getScreenCTM().a : 1;
      const size = parseFloat(getComputedStyle(e).fontSize) * scale;
      const what = `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} “${e.textContent.trim().slice(0, 30)}”`;
      if (size < min - 0.05) problems.push(`${what}: ${size.toFixed(1)} px`);
      // Texts on the canvas may be panned off it; everything else must be whole.
      if (inCanvas) {
        const visible = r.right > frame.left && r.left < frame.right && r.bottom > frame.top && r.top < frame.bottom;
        if (!visible) continue;
      } else if (r.left < -0.5 || r.right > innerWidth + 0.5 || (r.bottom > innerHeight + 0.5 && r.top < innerHeight && getComputedStyle(document.body).overflow === 'hidden')) {
        problems.push(`${what}: clipped at ${JSON.stringify({ left: r.left, right: r.right, bottom: r.bottom })}`);
      }
      if (!inCanvas && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'hidden') {
        problems.push(`${what}: cut by its box`);
      }
    }
    return problems;
  }, minimum);
}

async function present(page) {
  await page.locator(CANVAS).focus();
  await page.keyboard.press('p');
  await waitUntil(() => page.evaluate(() => document.documentElement.classList.contains('presenting')), (on) => on,
    () => 'presentation mode on');
  // Fitting waits a frame for the new canvas size.
  await page.waitForTimeout(300);
}

test('the dial and the headline stay in view while the table is read, and the section links jump to each part', async ({ page, url }) => {
  await openApp(page, url);
  const nav = page.getByRole('navigation', { name: 'Page sections' });
  for (const name of ['Diagram', 'Limits', 'Table', 'Failures', 'Simulation', 'Growth', 'Cost', 'Modules', 'Scenario', 'Options', 'Plan', 'Decisions']) {
    await expectCount(nav.getByRole('link', { name, exact: true }), 1, `a link to ${name}`);
  }
  await nav.getByRole('link', { name: 'Table', exact: true }).click();
  const top = await page.locator('.app-top').boundingBox();
  await waitUntil(() => page.locator('#results-caption').boundingBox(),
    (caption) => caption && caption.y >= top.y + top.height - 1 && caption.y < 800,
    (caption) => `the table's caption shows just under the sticky top: ${JSON.stringify({ caption, top })}`);
  assert.ok(await page.evaluate(() => scrollY) > 300, 'the page scrolled');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'results-caption', 'the keyboard moved to the table');
  // The dial and the headline are still on screen, and the dial still works.
  for (const selector of ['#growth-slider', '#growth-input', '[data-testid="banner"]']) {
    const box = await page.locator(selector).boundingBox();
    assert.ok(box && box.y >= 0 && box.y + box.height <= 800, `${selector} is in view after scrolling: ${JSON.stringify(box)}`);
  }
  const before = await page.locator('table[data-testid="results"]').textContent();
  await page.locator('#growth-input').fill('10');
  await page.locator('#growth-input').press('Enter');
  await waitUntil(() => page.locator('table[data-testid="results"]').textContent(), (t) => t !== before,
    () => 'the table in view follows the dial');
  // The address is left alone: its fragment carries shared documents.
  assert.ok(!page.url().includes('#results-caption'), `the address is unchanged: ${page.url()}`);
});

test('the first screen at 1280×800 holds the dial, the headline, the toolbar, the whole canvas and its legend', async ({ page, url }) => {
  await openApp(page, url);
  const bottom = (selector) => page.locator(selector).first().boundingBox().then((b) => b && b.y + b.height);
  await waitUntil(async () => ({ canvas: await bottom(CANVAS), legend: await bottom('.diagram > .legend') }),
    ({ canvas, legend }) => canvas <= 800 && legend <= 801,
    (seen) => `the canvas and its legend end on the first screen: ${JSON.stringify(seen)}`);
  const canvas = await page.locator(CANVAS).boundingBox();
  assert.ok(canvas.height >= 300, `the canvas keeps a usable height: ${canvas.height}`);
});

test('arrow keys on the dial stop at 1, 1.5, 2, 3, 5, 7, 10…; Shift+arrow takes fine steps', async ({ page, url }) => {
  await openApp(page, url);
  const slider = page.locator('#growth-slider');
  await slider.focus();
  const stops = [];
  for (let i = 0; i < 7; i += 1) {
    await page.keyboard.press('ArrowUp');
    stops.push(await waitUntil(() => shownGrowth(page), (g) => g !== (stops.at(-1) ?? 1), () => `step ${i + 1} moves`));
  }
  assert.deepEqual(stops, [1.5, 2, 3, 5, 7, 10, 15]);
  await page.keyboard.press('ArrowDown');
  await waitUntil(() => shownGrowth(page), (g) => g === 10, () => 'down goes back to 10×');
  await page.keyboard.press('Shift+ArrowUp');
  const fine = await waitUntil(() => shownGrowth(page), (g) => g !== 10, () => 'Shift+Up moves');
  assert.ok(fine > 10 && fine < 11, `a fine step from 10× is a few percent: ${fine}`);
  assert.equal(await page.locator('#growth-input').inputValue(), String(fine), 'the field shows the same growth');
});

for (const [width, height] of SIZES) {
  test(`presentation at ${width}×${height}: no text clipped or under 14 px, the button to leave covers nothing`, async ({ page, url }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, url);
    await present(page);
    const problems = await badText(page, 14);
    assert.deepEqual(problems, [], `presentation at ${width}×${height}`);
    const leave = await page.getByRole('button', { name: 'Leave presentation (Esc)' }).boundingBox();
    assert.ok(leave, 'the button to leave shows');
    for (const selector of ['#growth-value', '#growth-input', '#growth-slider', '.growth-heading', '[data-testid="banner"]']) {
      const box = await page.locator(selector).boundingBox();
      const apart = box.x >= leave.x + leave.width || box.x + box.width <= leave.x
        || box.y >= leave.y + leave.height || box.y + box.height <= leave.y;
      assert.ok(apart, `the button to leave covers ${selector}: ${JSON.stringify({ leave, box })}`);
    }
    // Every box is drawn at a legible size, all of it in view on these screens.
    const boxes = await page.locator(`${CANVAS} g[data-component-id] rect.node-box`).evaluateAll((rects) => rects.map((r) => r.getBoundingClientRect()));
    const frame = await page.locator(CANVAS).boundingBox();
    for (const box of boxes) {
      assert.ok(box.left >= frame.x - 1 && box.right <= frame.x + frame.width + 1, `a box leaves the canvas: ${JSON.stringify({ box, frame })}`);
    }
  });

  test(`the page at ${width}×${height}: nothing wider than the window, no text clipped or under 12 px on the first screen`, async ({ page, url }) => {
    await page.setViewportSize({ width, height });
    await openApp(page, url);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `the page scrolls sideways by ${overflow} px`);
    // Boxes' texts scale with the zoom; the page's own texts must read.
    const problems = (await badText(page, 12)).filter((p) => !p.startsWith('text.') && !p.startsWith('tspan.'));
    assert.deepEqual(problems, [], `the page at ${width}×${height}`);
  });
}

test('presentation shows a nine-box drawing with its names at 14 px or more on a 1024×768 projector', async ({ page, url }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await openApp(page, url);
  // Three more services make nine boxes.
  for (let i = 0; i < 3; i += 1) await page.getByRole('button', { name: 'Add Service', exact: true }).click();
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 9, 'nine boxes');
  await page.keyboard.press('Escape');
  await present(page);
  const sizes = await page.locator(`${CANVAS} text.node-name`).evaluateAll((texts) => texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a));
  assert.equal(sizes.length, 9);
  for (const size of sizes) assert.ok(size >= 13.95, `a box's name at ${size.toFixed(1)} px`);
});

test('two services added in a row are numbered, and each keeps its number', async ({ page, url }) => {
  await openApp(page, url);
  await page.getByRole('button', { name: 'Add Service', exact: true }).click();
  await expectText(page.locator('#inspector-heading'), 'Service', 'the first is called Service');
  await page.getByRole('button', { name: 'Add Service', exact: true }).click();
  await expectText(page.locator('#inspector-heading'), 'Service 2', 'the second is called Service 2');
  const names = await page.locator(`${CANVAS} text.node-name`).allTextContents();
  assert.equal(names.filter((n) => n === 'Service').length, 1, `one box called Service: ${names}`);
  assert.equal(names.filter((n) => n === 'Service 2').length, 1, `one box called Service 2: ${names}`);
});

test('the lower panels are drawn when on screen and in print: a print and a full-page picture show them, the controls left out of print', async ({ page, url }) => {
  await openApp(page, url);
  await page.locator('[data-testid="decisions"]').waitFor();
  const skippable = () => page.evaluate(() => [...document.querySelectorAll('.app-main > *')]
    .filter((e) => getComputedStyle(e).contentVisibility !== 'visible').map((e) => e.className));
  // On screen the browser skips a panel only while it is off screen (a
  // 1,000-component model's panels hold 90,000 elements); the drawing and
  // the banner are always drawn.
  const onScreen = await skippable();
  assert.ok(onScreen.includes('results') && onScreen.includes('decisions'), `the lower panels skip while off screen: ${onScreen}`);
  assert.ok(!onScreen.some((c) => /diagram|banner/.test(c)), `the drawing is always drawn: ${onScreen}`);
  await page.locator('[data-testid="decisions"]').scrollIntoViewIfNeeded();
  const decisionsOnScreen = await page.locator('[data-testid="decisions"]').boundingBox();
  assert.ok(decisionsOnScreen && decisionsOnScreen.height > 50, `scrolled to, the decisions panel is drawn: ${JSON.stringify(decisionsOnScreen)}`);
  await page.emulateMedia({ media: 'print' });
  assert.deepEqual(await skippable(), [], 'in print no panel skips its drawing');
  const decisions = await page.locator('[data-testid="decisions"]').boundingBox();
  assert.ok(decisions && decisions.height > 50, `the decisions panel is laid out for print: ${JSON.stringify(decisions)}`);
  assert.equal(await page.locator('.toolbar').isVisible(), false, 'the toolbar is not printed');
  assert.equal(await page.locator('#growth-slider').isVisible(), false, 'the slider is not printed');
  assert.equal(await page.locator('.app-top').evaluate((e) => getComputedStyle(e).position), 'static',
    'the top is not repeated on every printed page');
  await page.emulateMedia({ media: 'screen' });
  const picture = await page.screenshot({ fullPage: true });
  assert.ok(picture.length > 50_000, `a full-page picture has content: ${picture.length} bytes`);
});
