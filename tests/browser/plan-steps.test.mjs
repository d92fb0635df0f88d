// The plan's steps in the browser: each says what it unlocks (the limit it
// lifts and what binds next), a choice such as sharding says why nothing
// cheaper does, steps that only prepare a later one sit under one heading
// with it, and the message about the step applied last follows Undo and
// Redo (Ctrl+Z, the toolbar, the message's own button). Every expected text
// comes from the native CLI.

import assert from 'node:assert/strict';

import { findPlan, openApp, openTemplate, texts } from './app.mjs';
import { cli } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

/** The engine's plan for `source` (CLI arguments) to 100×. */
function enginePlan(source) {
  return JSON.parse(cli(['plan', ...source, '--target', '100']));
}

/** Gives the keyboard to the drawing, where Ctrl+Z undoes. */
async function focusDrawing(page) {
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const box = await page.locator(CANVAS).boundingBox();
  await page.mouse.click(box.x + 8, box.y + box.height - 8);
}

test('each plan step says what it unlocks, sharding says why, and preparing steps are grouped', async ({ page, url }) => {
  // The scaled web app: the plan where five steps in a row used to leave
  // headroom at 7.62× and "Shard Postgres into 27 shards" had no reason.
  await openTemplate(page, url, 'scaled-web-app');
  const expected = enginePlan(['--template', 'scaled-web-app']);
  const explained = expected.explained;
  const result = await findPlan(page);
  const steps = result.locator('[data-testid="plan-step"]');
  await expectCount(steps, expected.plan.steps.length, 'every step');
  assert.deepEqual(await texts(steps.locator('[data-testid="plan-step-description"]')), expected.steps);
  assert.deepEqual(await texts(steps.locator('[data-testid="plan-step-unlock"]')), explained.steps.map((s) => s.unlock),
    'what each step unlocks');
  for (const text of explained.steps) {
    assert.match(text.unlock, /^(Removes|Lifts|Leaves) the .+ limit.*(Next limit: .+ at [\d.,]+×|It is still the first limit|Nothing else limits growth)/,
      'the limit lifted and the next one, with its growth');
  }

  // Sharding: the limit, its growth, and why nothing cheaper does.
  const shard = expected.plan.steps.findIndex((s) => s.intervention.kind === 'shard');
  assert.ok(shard >= 0, 'the plan shards Postgres');
  const reason = explained.steps[shard].reason;
  assert.match(reason, /^Why: the Postgres throughput limit binds at [\d.]+×, short of the 100× target\. /);
  assert.match(reason, /Read replicas would not help/);
  await expectText(steps.nth(shard).locator('[data-testid="plan-step-reason"]'), reason, 'the shard step’s reason');
  assert.match(await steps.nth(shard).locator('[data-testid="plan-step-unlock"]').textContent(), /^Lifts the Postgres throughput limit from /);
  // Forced moves have no reason to give.
  assert.equal(await result.locator('[data-testid="plan-step-reason"]').count(),
    explained.steps.filter((s) => s.reason !== null).length, 'reasons only for choices');

  // Groups: the page shows the engine's, each heading over its members.
  const grouped = explained.groups.filter((g) => g.heading !== null);
  assert.ok(grouped.length > 0, 'the plan has steps that only prepare a later one');
  const groups = result.locator('[data-testid="plan-group"]');
  await expectCount(groups, grouped.length, 'the groups');
  assert.deepEqual(await texts(groups.locator('[data-testid="plan-group-heading"]')), grouped.map((g) => g.heading));
  for (const [i, group] of grouped.entries()) {
    assert.match(group.heading, /^\d+ steps together raise headroom [\d.]+× → [\d.]+×$/);
    assert.deepEqual(await texts(groups.nth(i).locator('[data-testid="plan-step-description"]')),
      group.steps.map((k) => expected.steps[k]), `the members of “${group.heading}”`);
  }
  // No more than a tie's worth of steps in a row leaves headroom where it was.
  const flat = grouped.reduce((n, g) => n + g.steps.length - 1, 0);
  assert.ok(flat <= 2, `${flat} steps only prepare a later one`);
});

test('the applied-step message follows Undo and Redo and never claims a step the document lacks', async ({ page, url }) => {
  await openApp(page, url);
  const expected = enginePlan(['--sample']);
  const result = await findPlan(page);
  const steps = result.locator('[data-testid="plan-step"]');
  const message = page.locator('[data-testid="plan-message"]');
  const messageUndo = page.locator('[data-testid="plan-message-undo"]');
  const what = expected.steps[0].split(': headroom ')[0];
  assert.match(await steps.nth(0).locator('[data-testid="plan-step-unlock"]').textContent(),
    /^Removes the Postgres connections limit \(at [\d.]+×\)\. Next limit: Postgres throughput at [\d.]+×\.$/);

  await steps.nth(0).locator('[data-testid="apply-step"]').click();
  await expectText(message, `Applied step 1: ${what}. Undo takes it back.`, 'the applied message');
  await expectVisible(messageUndo, 'the message’s Undo');

  // Ctrl+Z from the drawing: the message says the step was undone.
  await focusDrawing(page);
  await page.keyboard.press('Control+z');
  await waitUntil(() => steps.nth(0).getAttribute('data-state'), (s) => s === 'next', () => 'step 1 is next again');
  await waitUntil(() => message.textContent(), (t) => t.trim().startsWith(`Undid step 1: ${what}.`), () => 'the undone message');
  assert.ok(!(await message.textContent()).includes('Applied'), 'no claim that the step is applied');
  await expectCount(messageUndo, 0, 'no Undo for an undone step');

  // Redo from the toolbar: applied again.
  await page.locator('.toolbar button', { hasText: 'Redo' }).click();
  await expectText(message, `Applied step 1: ${what}. Undo takes it back.`, 'the message after Redo');
  await waitUntil(() => steps.nth(0).getAttribute('data-state'), (s) => s === 'applied', () => 'step 1 applied again');

  // The message's own Undo, then the toolbar's after a Redo.
  await messageUndo.click();
  await waitUntil(() => message.textContent(), (t) => t.trim().startsWith('Undid step 1:'), () => 'undone by the message’s button');
  await page.locator('.toolbar button', { hasText: 'Redo' }).click();
  await expectText(message, `Applied step 1: ${what}. Undo takes it back.`, 'applied once more');
  await page.locator('.toolbar button', { hasText: 'Undo' }).click();
  await waitUntil(() => message.textContent(), (t) => t.trim().startsWith('Undid step 1:'), () => 'undone by the toolbar');

  // Step 2 applied after step 1: the message speaks of step 2 only.
  await steps.nth(0).locator('[data-testid="apply-step"]').click();
  await steps.nth(1).locator('[data-testid="apply-step"]').click();
  const second = expected.steps[1].split(': headroom ')[0];
  await expectText(message, `Applied step 2: ${second}. Undo takes it back.`, 'the second step’s message');
});
