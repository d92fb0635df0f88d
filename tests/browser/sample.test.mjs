// The sample architecture in the browser: it renders, and turning the growth
// dial (number field or slider) shows exactly what the engine predicts.
// Expected texts come from the native CLI (engine.mjs), never from copies here.

import assert from 'node:assert/strict';

import { sampleComponent, sampleReport } from './engine.mjs';
import {
  expectCount, expectInputValue, expectText, expectVisible, test, waitUntil,
} from './harness.mjs';

const COMPONENT_IDS = ['lb', 'web', 'postgres', 'redis', 'queue', 'worker'];
const DEPENDENCY_COUNT = 7;
const STATUSES = ['ok', 'warm', 'hot', 'saturated', 'idle'];
// Results columns, each showing the CLI's `<column>_text` exactly.
const COLUMNS = ['utilisation', 'load', 'capacity', 'response', 'p99', 'headroom'];

/** Opens the app and waits until the sample has rendered. */
async function openSample(page, url) {
  await page.goto(url);
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
}

function controls(page) {
  return {
    banner: page.locator('[data-testid="banner"]'),
    slider: page.locator('input#growth-slider'),
    field: page.locator('input#growth-input'),
    error: page.locator('#growth-error'),
    cell: (id, column) => page.locator(
      `table[data-testid="results"] tr[data-component-id="${id}"] td[data-col="${column}"]`),
  };
}

/**
 * Checks the banner, every results cell and every canvas status against the
 * engine at `growth`. The utilisation column is checked first: it is the
 * one the page must change when the dial moves.
 */
async function expectEngineResults(page, growth) {
  const { banner, cell } = controls(page);
  const report = sampleReport(growth);
  await expectText(banner, report.headline, `banner at ${growth}x`);
  // Percentiles end to end, as the engine inverts them.
  await expectText(page.locator('[data-testid="end-to-end"] li').first(), report.end_to_end[0],
    `end-to-end percentiles at ${growth}x`);
  for (const id of COMPONENT_IDS) {
    const row = sampleComponent(growth, id);
    for (const column of COLUMNS) {
      await expectText(cell(id, column), row[`${column}_text`], `${id} ${column} cell at ${growth}x`);
    }
    const group = page.locator(`svg[data-testid="canvas"] g[data-component-id="${id}"]`);
    await waitUntil(() => group.getAttribute('data-status'), (status) => status === row.status,
      (status) => `${id} canvas status at ${growth}x: expected ${row.status}, found ${status}`);
  }
}

/** Types `value` into the growth field and applies it with Enter. */
async function enterGrowth(page, value) {
  const { field } = controls(page);
  await field.fill(String(value));
  await field.press('Enter');
}

test('the sample renders at 1x with the engine\'s numbers', async ({ page, url }) => {
  await openSample(page, url);
  const canvas = page.locator('svg[data-testid="canvas"]');
  await expectCount(canvas, 1, 'canvas');
  await expectCount(canvas.locator('g[data-component-id]'), COMPONENT_IDS.length, 'component groups');
  await expectCount(canvas.locator('g[data-dependency-id]'), DEPENDENCY_COUNT, 'dependency groups');
  for (const id of COMPONENT_IDS) {
    const status = await canvas.locator(`g[data-component-id="${id}"]`).getAttribute('data-status');
    assert.ok(STATUSES.includes(status), `${id}: data-status "${status}" is not one of ${STATUSES.join('|')}`);
  }
  const table = page.locator('table[data-testid="results"]');
  await expectCount(table.locator('tr[data-component-id]'), COMPONENT_IDS.length, 'results rows');
  for (const column of COLUMNS) {
    await expectCount(table.locator(`tr[data-component-id] td[data-col="${column}"]`),
      COMPONENT_IDS.length, `results cells "${column}"`);
  }
  await expectEngineResults(page, 1);
});

test('the growth controls are labelled for assistive technology', async ({ page, url }) => {
  await openSample(page, url);
  const slider = page.getByRole('slider', { name: 'Growth (log scale)', exact: true });
  const field = page.getByRole('spinbutton', { name: 'Growth multiplier', exact: true });
  assert.equal(await slider.getAttribute('id'), 'growth-slider');
  assert.equal(await field.getAttribute('id'), 'growth-input');
  const { slider: byId } = controls(page);
  assert.equal(await byId.getAttribute('type'), 'range');
  assert.deepEqual(
    [await byId.getAttribute('min'), await byId.getAttribute('max'), await byId.getAttribute('step')].map(Number),
    [0, 3, 0.01], 'slider min/max/step (log10 of the growth)',
  );
  assert.equal(await controls(page).field.getAttribute('type'), 'number');
});

test('growth typed into the number field updates banner and results', async ({ page, url }) => {
  await openSample(page, url);
  await expectEngineResults(page, 1);
  await enterGrowth(page, 10);
  await expectEngineResults(page, 10);
  // The slider follows the field: its value is log10(growth).
  await expectInputValue(controls(page).slider, (value) => Math.abs(Number(value) - 1) < 1e-9,
    'slider after entering 10');
  // Leaving the field applies the value too (change event), not only Enter.
  const { field } = controls(page);
  await field.fill('1');
  await field.blur();
  await expectEngineResults(page, 1);
});

test('the slider moves with the keyboard and the number field follows', async ({ page, url }) => {
  await openSample(page, url);
  const { slider, field } = controls(page);
  await enterGrowth(page, 10);
  await expectEngineResults(page, 10);
  // The arrow keys stop at round growths: 15, 20, 30, 50, 70, 100.
  await slider.focus();
  for (let i = 0; i < 6; i += 1) await page.keyboard.press('ArrowRight');
  await expectInputValue(slider, (value) => Math.abs(Number(value) - 2) < 1e-9, 'slider after 6 × ArrowRight');
  await expectInputValue(field, (value) => Math.abs(Number(value) - 100) < 0.5,
    'number field after moving the slider to 100x');
  await expectEngineResults(page, 100);
});

test('an invalid growth is explained and keeps the last valid result', async ({ page, url }) => {
  await openSample(page, url);
  await enterGrowth(page, 10);
  await expectEngineResults(page, 10);
  const { error } = controls(page);
  assert.equal(await error.isVisible(), false, '#growth-error is shown before any invalid input');
  for (const invalid of ['-3', '0']) {
    await enterGrowth(page, invalid);
    await expectVisible(error, `#growth-error after entering ${invalid}`);
    const message = (await error.textContent()).trim();
    assert.ok(message.length > 0, `#growth-error is visible but empty after entering ${invalid}`);
    await expectEngineResults(page, 10);
  }
  // A valid value clears the message.
  await enterGrowth(page, 2);
  await expectEngineResults(page, 2);
  await waitUntil(() => error.isVisible(), (visible) => !visible, () => '#growth-error still shown after a valid growth');
});
