// The readiness checklist: a component under load with items open is
// raised in the banner, ticking an item changes the banner and the score,
// the marks are stored with the document, travel in a share link, and
// undo takes a mark back.

import { expectStored, openApp } from './app.mjs';
import { sampleReport } from './engine.mjs';
import assert from 'node:assert/strict';

import { expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

test('ticking a checklist item changes the banner, the score and what is stored, and undo brings it back', async ({ page, url }) => {
  await openApp(page, url);
  const banner = page.locator('[data-testid="readiness-banner"]');
  await waitUntil(() => banner.isHidden(), (hidden) => hidden, () => 'no readiness line at 1x: nothing is warm');
  const input = page.locator('input#growth-input');
  await input.fill('3');
  await input.press('Enter');
  // Postgres is the one component warm at 3x (the engine's utilisation).
  const postgres = sampleReport(3).components.find((c) => c.id === 'postgres');
  await expectText(banner, `Not ready for the load: Postgres is at ${postgres.utilisation_text} and has no alert, and 7 more items open.`,
    'the banner names Postgres and its first open item');

  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.locator(`${CANVAS} g[data-component-id="postgres"]`).click();
  const checklist = page.locator('[data-testid="readiness-checklist"]');
  await expectText(checklist.locator('[data-testid="readiness-score"]'), 'Ready: 0 of 8 items (0%)', 'Postgres asks for 8 items');
  await expectText(checklist.locator('[data-testid="readiness-system"]'), 'The whole system — Readiness: 0 of 39 items (0%).', 'the sample asks for 39');
  await checklist.getByLabel('Alerts', { exact: true }).selectOption('done');
  await expectText(banner, `Not ready for the load: Postgres is at ${postgres.utilisation_text} and has no metrics, and 6 more items open.`,
    'the banner moves on to the next open item');
  await expectText(checklist.locator('[data-testid="readiness-score"]'), 'Ready: 1 of 8 items (13%)', 'the score after one item');
  await expectText(checklist.locator('[data-testid="readiness-system"]'), 'The whole system — Readiness: 1 of 39 items (3%).', 'the system after one item');
  await checklist.getByLabel('Structured logs', { exact: true }).selectOption('not needed');
  await expectText(checklist.locator('[data-testid="readiness-score"]'), 'Ready: 1 of 7 items (14%)', 'not needed leaves the count');
  await expectStored(page, (d) => {
    const marks = d.components.find((c) => c.id === 'postgres').readiness ?? [];
    return marks.some((m) => m.item === 'alerts' && m.state === 'done') && marks.some((m) => m.item === 'structured_logs' && m.state === 'not_needed');
  }, 'the marks stored with the document');

  // Every item done: the banner has nothing to say.
  for (const label of ['Metrics', 'Backups', 'A tested restore', 'Health checks', 'A runbook', 'An owner']) {
    await checklist.getByLabel(label, { exact: true }).selectOption('done');
  }
  await waitUntil(() => banner.isHidden(), (hidden) => hidden, () => 'the readiness line goes once Postgres is ready');

  // Undo takes the last mark back: the owner is open again.
  await page.locator(CANVAS).focus();
  await page.keyboard.press('Control+z');
  await expectText(banner, `Not ready for the load: Postgres is at ${postgres.utilisation_text} and has no owner.`, 'undo brings the line back');

  // The marks travel in a share link: opened elsewhere, the checklist and
  // the score are the same.
  await page.locator('[data-testid="open-share"]').click();
  const link = await page.locator('[data-testid="share-link"]').inputValue();
  await page.keyboard.press('Escape');
  await page.goto('about:blank');
  await page.goto(link);
  await page.locator('[data-testid="banner"]').waitFor();
  await expectText(banner, `Not ready for the load: Postgres is at ${postgres.utilisation_text} and has no owner.`,
    'the shared copy is as ready as the original');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.locator(`${CANVAS} g[data-component-id="postgres"]`).click();
  await expectText(page.locator('[data-testid="readiness-checklist"] [data-testid="readiness-score"]'), 'Ready: 6 of 7 items (86%)',
    'the shared marks: six done, one not needed, the owner open');
  assert.equal(await page.locator('[data-testid="readiness-checklist"]').getByLabel('Alerts', { exact: true }).inputValue(), 'done');
});
