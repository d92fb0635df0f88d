// Planning in the browser: the modules' extraction verdicts against the
// engine's (the native CLI), in their panel and in the inspector; options
// saved, compared side by side and adopted; the automatic plan found in
// slices, applied a step at a time as undoable edits (Ctrl+Z), and both
// turned into decision records.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { commitField, decisionsPanel, findPlan, openApp, openTemplate, storedDocuments, texts } from './app.mjs';
import { cli as engineCli } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';
const cache = new Map();

/** Runs the native CLI (the page's oracle) and returns its output. */
function cli(args) {
  const key = JSON.stringify(args);
  if (!cache.has(key)) {
    cache.set(key, engineCli(args).trim());
  }
  return cache.get(key);
}

/** The engine's report on template `id` at `growth`, with scenario fields changed first. */
function templateReport(id, growth, scenario = []) {
  return JSON.parse(cli(['report', '--template', id, '--growth', String(growth),
    ...scenario.flatMap((s) => ['--scenario', s])]));
}

/** Gives the keyboard to the drawing (a click on its background), where Ctrl+Z undoes. */
async function focusDrawing(page) {
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const box = await page.locator(CANVAS).boundingBox();
  await page.mouse.click(box.x + 8, box.y + box.height - 8);
}

/** Sets the growth dial by typing. */
async function setGrowth(page, growth) {
  const field = page.locator('input#growth-input');
  await field.fill(String(growth));
  await field.press('Enter');
}

/** The engine's headline for the document the page stored most recently. */
async function headlineOfStored(page) {
  const docs = await storedDocuments(page);
  const dir = mkdtempSync(join(tmpdir(), 'headroom-planning-'));
  const file = join(dir, 'doc.json');
  writeFileSync(file, JSON.stringify(docs[docs.length - 1].document));
  return JSON.parse(engineCli(['report', file])).headline;
}

async function checkVerdicts(page, expected, what) {
  const modules = page.locator('[data-testid="modules"]');
  await expectCount(modules.locator('[data-testid="module-verdict"]'), expected.length, `${what}: verdict cards`);
  for (const line of expected) {
    const card = modules.locator(`[data-testid="module-verdict"][data-module-id="${line.module_id}"]`);
    await expectText(card.locator('[data-testid="verdict-label"]'), line.label, `${what}: ${line.module} label`);
    await expectText(card.locator('[data-testid="verdict-sentence"]'), line.sentence, `${what}: ${line.module} sentence`);
    const rows = card.locator('tbody tr');
    assert.deepEqual(await texts(rows.nth(0).locator('td')), [line.keep.instances, line.extract.instances]);
    assert.deepEqual(await texts(rows.nth(1).locator('td')), [line.keep.cost, line.extract.cost]);
    assert.deepEqual(await texts(rows.nth(2).locator('td')), [line.keep.connections, line.extract.connections]);
    assert.deepEqual(await texts(rows.nth(3).locator('td')), [line.keep.memory, line.extract.memory]);
    assert.deepEqual(await texts(rows.nth(4).locator('td')), ['—', line.latency]);
  }
}

test('the modules panel gives the engine’s extraction verdicts, live with the dial and the overhead', async ({ page, url }) => {
  await openTemplate(page, url, 'modular-monolith');
  const search = page.locator('[data-testid="module-verdict"][data-module-id="search"] [data-testid="verdict-label"]');

  await checkVerdicts(page, templateReport('modular-monolith', 1).extraction_lines, 'at 1×');
  // Not yet at 1×: it pays from a growth the engine names.
  const searchAt1 = templateReport('modular-monolith', 1).extraction_lines.find((l) => l.module_id === 'search').label;
  assert.match(searchAt1, /^not yet \(pays from [\d.]+×\)$/);
  await expectText(search, searchAt1, 'the search module at 1×');

  await setGrowth(page, 5);
  await checkVerdicts(page, templateReport('modular-monolith', 5).extraction_lines, 'at 5×');
  await expectText(search, 'justified', 'the search module at 5×');

  // The overhead of one more service is the scenario's: free services pay sooner.
  await setGrowth(page, 1);
  const monthly = page.locator('#scenario-overhead-monthly');
  assert.equal(await monthly.inputValue(), '400', 'the default overhead is shown');
  assert.equal(await page.locator('#scenario-overhead-hop').inputValue(), '2');
  await commitField(monthly, '0');
  const cheap = templateReport('modular-monolith', 1, ['overhead={"monthly_per_service":0,"hop_latency_ms":2}']);
  await checkVerdicts(page, cheap.extraction_lines, 'at 1× with free services');
  // A refused value is explained beside its field and changes nothing.
  await commitField(monthly, '-5');
  await expectText(page.locator('#scenario-overhead-monthly-message'), 'must not be negative, got -5', 'the refusal');
  await checkVerdicts(page, cheap.extraction_lines, 'after the refusal');
});

test('a plan on the sample is the engine’s; its first step applies as one undoable edit', async ({ page, url }) => {
  await openApp(page, url);
  const expected = JSON.parse(cli(['plan', '--sample', '--target', '100']));
  const result = await findPlan(page);
  assert.equal(await page.locator('[data-testid="plan-target"]').inputValue(), '100', 'the default target');
  assert.equal(await page.locator('[data-testid="plan-ceiling"]').inputValue(), '70', 'the default ceiling: the comfort line');
  await expectText(result.locator('[data-testid="plan-outcome"]'), `✔ ${expected.summary.outcome}`, 'the outcome');
  await expectText(result.locator('[data-testid="plan-cost"]'), expected.summary.cost, 'the added cost');
  const steps = result.locator('[data-testid="plan-step"]');
  assert.deepEqual(await texts(steps.locator('[data-testid="plan-step-description"]')), expected.steps);
  assert.equal(await steps.nth(0).getAttribute('data-state'), 'next');
  assert.equal(await steps.nth(1).locator('[data-testid="apply-step"]').isDisabled(), true, 'steps apply in order');

  const banner = page.locator('[data-testid="banner"]');
  const before = (await banner.textContent()).trim();
  const boxes = page.locator(`${CANVAS} g[data-component-id]`);
  const count = await boxes.count();
  assert.deepEqual(expected.plan.steps[0].intervention, { kind: 'add_pooler', database: 'postgres' });
  await steps.nth(0).locator('[data-testid="apply-step"]').click();
  await expectCount(boxes, count + 1, 'boxes after the pooler step');
  await expectCount(page.locator(`${CANVAS} g[data-component-id="pooler-postgres"]`), 1, 'the pooler on the canvas');
  await waitUntil(() => steps.nth(0).getAttribute('data-state'), (s) => s === 'applied', () => 'step 1 applied');
  assert.equal(await steps.nth(1).getAttribute('data-state'), 'next');
  await waitUntil(() => banner.textContent(), (t) => t.trim() !== before, () => 'the banner changes');
  // Autosave is debounced: wait for the stored copy, then ask the engine about it.
  await waitUntil(() => headlineOfStored(page), async (h) => h === (await banner.textContent()).trim(),
    () => 'the banner is the engine’s headline of the document with the pooler');

  // One Ctrl+Z takes the whole step back.
  await focusDrawing(page);
  await page.keyboard.press('Control+z');
  await expectCount(boxes, count, 'boxes after undo');
  await expectText(banner, before, 'the banner after undo');
  await waitUntil(() => steps.nth(0).getAttribute('data-state'), (s) => s === 'next', () => 'step 1 is next again');

  // Changing the architecture otherwise makes the plan stale: it is not applied, it is found again.
  await commitField(page.locator('#scenario-peak-factor'), '2');
  await expectVisible(result.locator('[data-testid="plan-stale"]'), 'the stale-plan message');
  assert.equal(await steps.nth(0).locator('[data-testid="apply-step"]').isDisabled(), true, 'a stale step is not applied');
  await result.locator('[data-testid="replan"]').click();
  await waitUntil(() => page.locator('[data-testid="plan-step"]').first().getAttribute('data-state'),
    (s) => s === 'next', () => 'the new plan starts at step 1');
});

test('options: save, compare with the main line, adopt and undo', async ({ page, url }) => {
  await openApp(page, url);
  const sampleHeadline = (await page.locator('[data-testid="banner"]').textContent()).trim();
  const options = page.locator('[data-testid="options"]');
  const items = options.locator('[data-testid="option-item"]');

  // Save as option…: a dialog with a suggested name; a duplicate name is refused.
  await options.locator('[data-testid="save-option"]').click();
  const dialog = page.getByRole('dialog', { name: 'Save as option' });
  await expectVisible(dialog, 'the save dialog');
  assert.equal(await dialog.locator('[data-testid="option-name-input"]').inputValue(), 'Option 1');
  await dialog.locator('[data-testid="option-name-input"]').fill('As it is');
  await dialog.locator('[data-testid="option-name-input"]').press('Enter');
  await expectCount(items, 1, 'options after saving');
  await options.locator('[data-testid="save-option"]').click();
  await dialog.locator('[data-testid="option-name-input"]').fill('as it is');
  await dialog.locator('[data-testid="confirm-save-option"]').click();
  await expectText(dialog.locator('#option-name-message'),
    'There is already an option named "as it is": choose another name', 'the duplicate refused');
  await page.keyboard.press('Escape');

  // The plan's architecture as a second option, compared with the main line.
  await findPlan(page);
  await page.locator('[data-testid="save-plan-option"]').click();
  await expectCount(items, 2, 'options after saving the plan');
  const planItem = items.filter({ hasText: 'Plan to 100×' });
  await planItem.locator('[data-testid="compare-option"]').check();
  const table = options.locator('[data-testid="comparison"]');
  await expectVisible(table, 'the comparison');
  assert.deepEqual(await texts(table.locator('thead .comparison-name')), ['Main line', 'Plan to 100×']);
  const headroom = table.locator('tr[data-row="headroom"] td');
  const mainHeadroom = sampleHeadline.match(/at ([\d.]+×)/)[1];
  await expectText(headroom.nth(0), mainHeadroom, 'the main line’s headroom');
  assert.equal(await headroom.nth(1).getAttribute('data-best'), 'true', 'the plan has the most headroom');
  assert.ok((await headroom.nth(1).textContent()).includes('★ best'), 'best is said in words');
  assert.equal(await table.locator('tr[data-row="bottleneck"] td[data-best="true"]').count(), 0, 'no best bottleneck');
  await items.filter({ hasText: 'As it is' }).locator('[data-testid="compare-option"]').check();
  await expectCount(table.locator('thead .comparison-name'), 3, 'three columns');

  // Rename in place.
  await planItem.locator('[data-testid="rename-option"]').click();
  const rename = planItem.locator('[data-testid="option-rename-input"]');
  await waitUntil(() => rename.evaluate((el) => el === document.activeElement), (f) => f, () => 'the rename field has focus');
  await rename.fill('Reach 100×');
  await rename.press('Enter');
  const renamed = items.filter({ hasText: 'Reach 100×' });
  await expectCount(renamed, 1, 'the renamed option');

  // Adopt asks first; the main line becomes the plan's architecture.
  await renamed.locator('[data-testid="adopt-option"]').click();
  const confirm = page.getByRole('dialog', { name: 'Adopt “Reach 100×” as the main line?' });
  await expectVisible(confirm, 'the adopt question');
  await confirm.locator('[data-testid="confirm-adopt"]').click();
  await expectCount(items.filter({ hasText: 'Before Reach 100×' }), 1, 'the old main line kept as an option');
  await expectCount(page.locator(`${CANVAS} g[data-component-id="pooler-postgres"]`), 1, 'the plan’s pooler on the canvas');
  const banner = page.locator('[data-testid="banner"]');
  await waitUntil(() => banner.textContent(), (t) => t.trim() !== sampleHeadline, () => 'the banner changes');
  await waitUntil(() => headlineOfStored(page), async (h) => h === (await banner.textContent()).trim(),
    () => 'the banner is the engine’s headline of the adopted main line');

  // One undo brings the main line back.
  await page.locator('[data-testid="options-message-undo"]').click();
  await expectText(banner, sampleHeadline, 'the banner after undo');
  await expectCount(page.locator(`${CANVAS} g[data-component-id="pooler-postgres"]`), 0, 'no pooler after undo');
  await expectCount(items.filter({ hasText: 'Reach 100×' }), 1, 'the option is back');
});

test('a compared option and a plan step become decision records, opened in the decisions panel', async ({ page, url }) => {
  await openApp(page, url);
  const expected = JSON.parse(cli(['plan', '--sample', '--target', '100']));
  const result = await findPlan(page);
  await page.locator('[data-testid="save-plan-option"]').click();
  const options = page.locator('[data-testid="options"]');
  await options.locator('[data-testid="compare-option"]').first().check();
  await options.locator('[data-testid="record-option"]').click();

  const decisions = decisionsPanel(page);
  await expectCount(decisions.items, 1, 'records after recording the comparison');
  await expectText(decisions.item(1).locator('[data-testid="decision-item-title"]'), 'Adopt "Plan to 100×"', 'its title');
  await expectText(decisions.editor.locator('[data-testid="decision-editor-title"]'), 'Adopt "Plan to 100×"', 'open in the editor');
  await waitUntil(() => page.evaluate(() => document.activeElement?.id), (id) => id === 'adr-1-title',
    () => 'the record’s title has focus');
  assert.equal(await decisions.field(1, 'title').inputValue(), 'Adopt "Plan to 100×"');

  await result.locator('[data-testid="record-step"]').first().click();
  await expectCount(decisions.items, 2, 'records after recording step 1');
  const action = expected.steps[0].split(': headroom')[0];
  await expectText(decisions.item(2).locator('[data-testid="decision-item-title"]'), action, 'the step’s record');
  await expectText(decisions.editor.locator('[data-testid="decision-editor-title"]'), action, 'open in the editor');
});

test('a long search shows progress and Cancel, and the page answers meanwhile', async ({ page, url }) => {
  await page.goto(`${url}${cli(['share', '--synthetic', '300'])}`);
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
  const panel = page.locator('[data-testid="plan"]');
  await panel.locator('[data-testid="find-plan"]').click();
  const bar = panel.locator('[data-testid="plan-progress"] progress');
  await expectVisible(bar, 'the progress bar');
  assert.equal(await page.getByRole('progressbar', { name: 'Plan search' }).count(), 1, 'a named progress bar');
  assert.equal(await panel.locator('[data-testid="find-plan"]').isDisabled(), true, 'one search at a time');
  await waitUntil(() => bar.evaluate((el) => el.value), (v) => v > 0, () => 'the bar moves');

  // The dial still works while the search runs.
  const banner = page.locator('[data-testid="banner"]');
  const before = (await banner.textContent()).trim();
  await setGrowth(page, 3);
  await waitUntil(() => banner.textContent(), (t) => t.trim() !== before, () => 'the banner follows the dial mid-search');
  await expectVisible(bar, 'the search is still running');

  await panel.locator('[data-testid="cancel-plan"]').click();
  await expectCount(panel.locator('[data-testid="plan-progress"]'), 0, 'no progress after Cancel');
  await waitUntil(() => panel.locator('[data-testid="plan-message"]').textContent(),
    (t) => /^Search cancelled after examining \d+ architectures\.$/.test(t.trim()), () => 'the cancel message');
  assert.equal(await panel.locator('[data-testid="plan-result"]').count(), 0, 'no plan');
  assert.equal(await panel.locator('[data-testid="find-plan"]').isDisabled(), false);
});

test('the scaled web app reaches 100× in the browser as on the command line (timed)', async ({ page, url }) => {
  await openTemplate(page, url, 'scaled-web-app');
  const expected = JSON.parse(cli(['plan', '--template', 'scaled-web-app', '--target', '100']));
  const result = await findPlan(page);
  assert.deepEqual(await texts(result.locator('[data-testid="plan-step-description"]')), expected.steps);
  assert.equal(await result.getAttribute('data-reached'), String(expected.plan.reached));
  const [elapsed, computing, explored] = await result.evaluate((el) =>
    [el.dataset.elapsedMs, el.dataset.computingMs, el.dataset.explored]);
  // A measurement for the report, not an assertion on speed.
  console.log(`          scaled-web-app plan to 100×: ${elapsed} ms from click to plan, ${computing} ms searching, `
    + `${explored} architectures (native CLI: ${expected.elapsed_ms.toFixed(1)} ms)`);
});

test('a selected module shows its verdict and its settings in the inspector', async ({ page, url }) => {
  await openTemplate(page, url, 'modular-monolith');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.locator(`${CANVAS} g[data-component-id="search"]`).click();
  const inspector = page.locator('#inspector');
  const verdict = inspector.locator('[data-testid="module-verdict"][data-module-id="search"]');
  const expected = templateReport('modular-monolith', 1).extraction_lines.find((l) => l.module_id === 'search');
  await expectText(verdict.locator('[data-testid="verdict-label"]'), expected.label, 'the verdict in the inspector');
  await expectText(verdict.locator('[data-testid="verdict-sentence"]'), expected.sentence, 'with its numbers');
  // The module's settings: host, CPU per request, memory.
  assert.equal(await inspector.locator('#inspector-module-host').inputValue(), 'monolith');
  assert.deepEqual(await texts(inspector.locator('#inspector-module-host option')), ['Not hosted: runs on its own', 'Monolith']);
  assert.equal(await inspector.locator('#inspector-memory-mb').inputValue(), '700');
  const cpu = inspector.locator('#inspector-module-cpu-ms-per-request');
  assert.equal(await cpu.inputValue(), '20');
  await commitField(cpu, '40');
  const heavier = JSON.parse(cli(['report', '--template', 'modular-monolith', '--growth', '1',
    '--set', 'search.module.cpu_ms_per_request=40'])).extraction_lines.find((l) => l.module_id === 'search');
  await expectText(verdict.locator('[data-testid="verdict-sentence"]'), heavier.sentence, 'the verdict after the edit');
  await expectText(page.locator('[data-testid="modules"] [data-module-id="search"] [data-testid="verdict-sentence"]'),
    heavier.sentence, 'the modules panel agrees');
  // Unhosted, it has no verdict.
  await inspector.locator('#inspector-module-host').selectOption('');
  await expectCount(verdict, 0, 'no verdict for a module that stands alone');
  await expectCount(page.locator('[data-testid="modules"] [data-testid="module-verdict"]'), 2, 'two modules left');
});
