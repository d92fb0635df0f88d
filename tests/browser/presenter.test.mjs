// The presenter window for the projector: opened from the facilitator's
// window, it follows the dial, the selection and every edit over a
// BroadcastChannel, shows the same figures the laptop does, lets nothing
// be edited, and survives a reload of either window.

import assert from 'node:assert/strict';

import { openApp } from './app.mjs';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

function box(page, id) {
  return page.locator(`${CANVAS} g.node[data-component-id="${id}"]`);
}

async function setGrowth(page, growth) {
  const field = page.locator('input#growth-input');
  await field.fill(String(growth));
  await field.press('Enter');
}

async function openPresenter(page) {
  const popup = page.waitForEvent('popup');
  await page.locator('[data-testid="open-presenter"]').click();
  const presenter = await popup;
  await presenter.waitForLoadState('domcontentloaded');
  return presenter;
}

/** The banner's sentence, once the two windows say the same. */
async function sameBanner(page, presenter, what) {
  const text = await page.locator('[data-testid="banner"]').textContent();
  await expectText(presenter.locator('[data-testid="banner"]'), text, `presenter banner ${what}`);
  return text;
}

test('the presenter window follows the dial, the selection and edits, and survives reloads', async ({ page, url }) => {
  await openApp(page, url);
  const presenter = await openPresenter(page);
  assert.match(presenter.url(), /\?presenter=[0-9a-f]{16}$/, 'the room is in the query, not the fragment');
  await expectText(presenter.locator('[data-testid="presenter-name"]'), 'MVP that creaks', 'presenter shows the document');
  await expectCount(presenter.locator(`${CANVAS} g.node`), 6, 'presenter draws every box');
  await expectText(presenter.locator('[data-testid="presenter-growth"]'), '1×', 'growth at 1×');
  await sameBanner(page, presenter, 'at 1×');

  // The dial.
  await setGrowth(page, 2.5);
  await expectText(presenter.locator('[data-testid="presenter-growth"]'), '2.5×', 'growth follows the dial');
  const at25 = await sameBanner(page, presenter, 'at 2.5×');
  assert.notEqual(at25, '', 'a headline at 2.5×');
  const status = await box(page, 'postgres').getAttribute('data-status');
  await waitUntil(() => box(presenter, 'postgres').getAttribute('data-status'), (s) => s === status,
    (s) => `Postgres's band on the projector: ${s}, laptop ${status}`);

  // The selection.
  await box(page, 'postgres').click();
  await waitUntil(() => box(presenter, 'postgres').getAttribute('class'), (c) => c.includes('is-selected'),
    (c) => `Postgres highlighted on the projector: ${c}`);
  await expectText(presenter.locator('[data-testid="presenter-pointed"]'), /^Postgres, .* utilised, /, 'the selection in words');

  // An edit: Enter on the selected box renames it in place.
  await box(page, 'postgres').press('Enter');
  const name = page.getByLabel('Component name', { exact: true });
  await name.fill('Primary database');
  await name.press('Enter');
  await waitUntil(() => box(presenter, 'postgres').locator('.node-name').textContent(), (t) => t === 'Primary database',
    (t) => `renamed on the projector: ${t}`);

  // Nothing there is editable: no toolbar, inspector or dial control, and
  // the drawing is inert (a click selects nothing, a box takes no focus).
  await expectCount(presenter.locator('#inspector, .toolbar, input#growth-input'), 0, 'no editing controls');
  assert.equal(await presenter.locator('.workspace[inert]').count(), 1, 'the drawing is inert');
  await presenter.locator(CANVAS).click({ position: { x: 5, y: 5 }, force: true });
  await presenter.keyboard.press('Tab');
  assert.equal(await presenter.evaluate(() => document.activeElement?.closest('g.node') ? 'box' : 'other'), 'other',
    'Tab does not reach a box on the projector');
  assert.equal(await box(page, 'postgres').getAttribute('aria-selected'), 'true', 'the laptop keeps its selection');

  // A reload of the projector's window asks for the state and gets it.
  await presenter.reload();
  await expectText(presenter.locator('[data-testid="presenter-growth"]'), '2.5×', 'growth after the projector reloads');
  await waitUntil(() => box(presenter, 'postgres').locator('.node-name').textContent(), (t) => t === 'Primary database',
    (t) => `edit kept after the projector reloads: ${t}`);
  await waitUntil(() => box(presenter, 'postgres').getAttribute('class'), (c) => c.includes('is-selected'),
    (c) => `selection kept after the projector reloads: ${c}`);

  // A reload of the facilitator's window: the projector keeps the last
  // picture, says why, and follows again once the laptop is back.
  await page.reload();
  await expectText(presenter.locator('[data-testid="presenter-link"]'), /closed or reloading|^$/, 'the projector notices the reload');
  await page.locator('[data-testid="banner"]').waitFor();
  await setGrowth(page, 4);
  await expectText(presenter.locator('[data-testid="presenter-growth"]'), '4×', 'growth follows after the laptop reloads');
  await sameBanner(page, presenter, 'at 4× after the reload');
  await waitUntil(() => presenter.locator('[data-testid="presenter-link"]').isHidden(), (h) => h,
    () => 'the projector says nothing once it follows again');
});

test('a presenter address opened alone waits for its facilitator and says so', async ({ page, url }) => {
  await page.goto(`${url}?presenter=0123456789abcdef`);
  await expectText(page.locator('[data-testid="presenter-link"]'), /^Waiting for the facilitator/, 'waiting');
  await expectCount(page.locator('[data-testid="open-presenter"], input#growth-input'), 0, 'no editor');
  // A malformed room is not a presenter address: the editor opens.
  await page.goto(`${url}?presenter=%3Cscript%3E`);
  await page.locator('input#growth-input').waitFor();
});
