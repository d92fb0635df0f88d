// Beyond the mean on the page (issue 13 items 3 and 5): what monitoring
// showed of a component, typed into the inspector's "Measured" group,
// calibrates its throughput as the engine does; service-time variability,
// parallel calls and an entry's arrival burstiness change the figures as
// the native engine says (engine.mjs runs `headroom report` on the same
// edited document), never as numbers copied here.

import assert from 'node:assert/strict';

import { commitField, expectStored, openApp } from './app.mjs';
import { editedSampleReport } from './engine.mjs';
import { expectInputValue, expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

/** Opens the sample with the canvas in view and selects component `id`. */
async function inspect(page, url, id) {
  await openApp(page, url);
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.locator(`${CANVAS} g[data-component-id="${id}"]`).click();
  await expectText(page.locator('#inspector-heading'), editedSampleReport().components.find((c) => c.id === id).name,
    `the inspector shows ${id}`);
}

const cell = (page, id, col) =>
  page.locator(`table[data-testid="results"] tr[data-component-id="${id}"] td[data-col="${col}"]`);

/** `--set` for Postgres's observation (JSON, as the document stores it). */
const observed = (observation) => `postgres.observed=${JSON.stringify(observation)}`;

/** The results row of `id` on the page equals the engine's for the same document. */
async function expectRow(page, report, id, what, cols = ['load', 'capacity', 'utilisation', 'response', 'p99', 'headroom']) {
  const row = report.components.find((c) => c.id === id);
  const field = { load: 'load_text', capacity: 'capacity_text', utilisation: 'utilisation_text', response: 'response_text',
    p99: 'p99_text', headroom: 'headroom_text' };
  for (const col of cols) await expectText(cell(page, id, col), row[field[col]], `${what}: ${id} ${col}`);
}

/** μ as the engine's formulas write it: at most four decimals. */
const formulaFigure = (value) => String(Number(value.toFixed(4)));

test('240 req/s at 64% CPU on Postgres calibrates its throughput to the engine’s figure, kept over a reload', async ({ page, url }) => {
  await inspect(page, url, 'postgres');
  const basis = page.locator('[data-testid="throughput-basis"]');
  assert.equal(await basis.getAttribute('data-basis'), 'assumed');
  assert.ok((await basis.textContent()).startsWith('Assumed'), await basis.textContent());

  // The utilisation before the rate: nothing stored until the rate comes.
  await commitField(page.getByLabel('Utilisation', { exact: true }), '64');
  await expectText(page.locator('[data-testid="calibration"]'), 'Enter the rate observed: the other figures are read at that rate.',
    'the group asks for the rate');
  await expectRow(page, editedSampleReport(), 'postgres', 'before the rate', ['utilisation']);
  await commitField(page.getByLabel('Rate observed', { exact: true }), '240');

  const report = editedSampleReport({ set: [observed({ rate: 240, utilisation: 0.64 })] });
  const engine = report.report.components.find((c) => c.id === 'postgres');
  const row = report.components.find((c) => c.id === 'postgres');
  // One worker: the capacity is μ itself, in the table's own words.
  assert.equal(engine.instances, 1);
  const mu = row.capacity_text.split(' (')[0];
  await expectText(page.locator('[data-testid="calibration-derived"]'), `Throughput per worker: ${mu}, from the utilisation`,
    'the derived throughput');
  await expectText(page.locator('[data-testid="calibration-formula"]'),
    `μ = λ / (c × U) = 240 / (1 × 0.64) = ${formulaFigure(engine.service_rate)} req/s`, 'the formula, numbers in');
  assert.equal(await page.locator('[data-testid="calibration-exactness"]').getAttribute('data-exact'), 'true');
  await waitUntil(() => basis.getAttribute('data-basis'), (b) => b === 'calibrated', (b) => `the throughput is ${b}`);
  await expectText(basis, `Calibrated from utilisation: the analysis uses ${mu}, not the figure above.`, 'the throughput’s basis');
  await expectRow(page, report, 'postgres', 'calibrated');
  console.log(`          Postgres at 240 req/s, 64% CPU: μ = ${engine.service_rate} req/s (declared 400); `
    + `utilisation ${row.utilisation_text}, ${row.saturates_text}`);

  // The date: the basis says when.
  await page.getByLabel('Date observed', { exact: true }).fill('2026-11-30');
  await expectText(basis, `Calibrated from utilisation on 2026-11-30: the analysis uses ${mu}, not the figure above.`,
    'the basis with its date');
  await expectStored(page, (d) => d.components.find((c) => c.id === 'postgres').observed?.date === '2026-11-30',
    'the observation stored with its date');

  // Undo takes the date back off, redo puts it on again.
  await page.locator(CANVAS).focus();
  await page.keyboard.press('Control+z');
  await expectInputValue(page.getByLabel('Date observed', { exact: true }), (v) => v === '', 'the date after undo');
  await expectText(basis, `Calibrated from utilisation: the analysis uses ${mu}, not the figure above.`, 'undone');
  await page.keyboard.press('Control+Shift+Z');
  await expectInputValue(page.getByLabel('Date observed', { exact: true }), (v) => v === '2026-11-30', 'the date after redo');

  // A reload keeps the observation and its figures.
  await page.reload();
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
  await expectRow(page, report, 'postgres', 'after the reload');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await page.locator(`${CANVAS} g[data-component-id="postgres"]`).click();
  await expectInputValue(page.getByLabel('Rate observed', { exact: true }), (v) => v === '240', 'the rate after the reload');
  await expectInputValue(page.getByLabel('Utilisation', { exact: true }), (v) => v === '64', 'the utilisation after the reload');
  await expectInputValue(page.getByLabel('Date observed', { exact: true }), (v) => v === '2026-11-30', 'the date after the reload');
});

test('an observation the model cannot explain is refused beside its field and the figures stay', async ({ page, url }) => {
  await inspect(page, url, 'postgres');
  await commitField(page.getByLabel('Rate observed', { exact: true }), '240');
  await commitField(page.getByLabel('Utilisation', { exact: true }), '64');
  const good = editedSampleReport({ set: [observed({ rate: 240, utilisation: 0.64 })] });
  await expectRow(page, good, 'postgres', 'at 64%');

  const utilisation = page.getByLabel('Utilisation', { exact: true });
  await commitField(utilisation, '120');
  const error = page.locator('#inspector-observed-utilisation-error');
  await expectText(error, 'Utilisation must be from 0 to 100%, got 120%', 'the refusal names the field');
  assert.equal(await utilisation.getAttribute('aria-invalid'), 'true');
  await expectRow(page, good, 'postgres', 'after 120% was refused');
  await expectStored(page, (d) => d.components.find((c) => c.id === 'postgres').observed?.utilisation === 0.64,
    'the stored observation is the one before');

  // Put right, the message goes.
  await commitField(utilisation, '64');
  await waitUntil(() => error.isVisible(), (v) => !v, () => 'the message goes once the value is accepted');

  // A mean below the base latency (Postgres: 2 ms), then a p95 below the mean.
  const mean = page.getByLabel('Mean latency', { exact: true });
  await commitField(mean, '1.5');
  await expectText(page.locator('#inspector-observed-mean-latency-ms-error'),
    'Mean latency must be above the base latency (2 ms), which every request waits without doing work, got 1.5',
    'a latency under the base');
  await commitField(mean, '6');
  await commitField(page.getByLabel('p95 latency', { exact: true }), '4');
  await expectText(page.locator('#inspector-observed-p95-latency-ms-error'), 'p95 latency cannot be below the mean (6 ms), got 4',
    'a p95 under the mean');
  const withMean = editedSampleReport({ set: [observed({ rate: 240, utilisation: 0.64, mean_latency_ms: 6 })] });
  await expectRow(page, withMean, 'postgres', 'after the p95 was refused');
});

test('service-time variability: “heavy tail 4” changes Postgres’s latency as the engine says', async ({ page, url }) => {
  await inspect(page, url, 'postgres');
  const field = page.getByLabel('Service-time variability', { exact: true });
  assert.equal(await field.inputValue(), '');
  const typical = page.getByRole('button', { name: 'Service-time variability: typical web, 1' });
  assert.equal(await typical.getAttribute('aria-pressed'), 'true', 'empty is 1');
  await expectRow(page, editedSampleReport(), 'postgres', 'cs² 1');

  const heavy = page.getByRole('button', { name: 'Service-time variability: heavy tail, 4' });
  await heavy.click();
  await expectInputValue(field, (v) => v === '4', 'the field after the preset');
  assert.equal(await heavy.getAttribute('aria-pressed'), 'true');
  const report = editedSampleReport({ set: ['postgres.service_scv=4'] });
  await expectRow(page, report, 'postgres', 'cs² 4');
  const before = editedSampleReport().components.find((c) => c.id === 'postgres');
  const after = report.components.find((c) => c.id === 'postgres');
  assert.notEqual(after.response_text, before.response_text, 'a heavy tail waits longer');
  console.log(`          Postgres response ${before.response_text} → ${after.response_text}, p99 ${before.p99_text} → ${after.p99_text} at cs² 4`);

  // The keyboard's way: a preset by Space, a value by typing.
  await page.getByRole('button', { name: 'Service-time variability: steady, 0.25' }).focus();
  await page.keyboard.press('Space');
  await expectRow(page, editedSampleReport({ set: ['postgres.service_scv=0.25'] }), 'postgres', 'cs² 0.25');
  await commitField(field, '-1');
  await expectText(page.locator('#inspector-service-scv-error'), 'Service-time variability must not be negative, got -1',
    'a negative variability');
  await commitField(field, '');
  await expectRow(page, editedSampleReport(), 'postgres', 'cs² empty again');
});

test('parallel calls and arrival burstiness change the end-to-end figures as the engine says', async ({ page, url }) => {
  await inspect(page, url, 'web');
  const line = page.locator('[data-testid="end-to-end"] li').first();
  // Postgres calls nothing, so only the web app offers the toggle.
  const parallel = page.getByLabel('Calls its dependencies in parallel', { exact: true });
  await parallel.check();
  const concurrent = editedSampleReport({ set: ['web.parallel_calls=true'] });
  await expectStored(page, (d) => d.components.find((c) => c.id === 'web').parallel_calls === true, 'parallel calls stored');
  await expectText(line, concurrent.end_to_end[0], 'the end-to-end line with parallel calls');
  await expectRow(page, concurrent, 'lb', 'parallel calls', ['response', 'p99']);
  // Focusing a box selects it (the open inspector may cover Postgres).
  await page.locator(`${CANVAS} g[data-component-id="postgres"]`).focus();
  await expectText(page.locator('#inspector-heading'), 'Postgres', 'the inspector shows Postgres');
  assert.equal(await page.getByLabel('Calls its dependencies in parallel', { exact: true }).count(), 0,
    'Postgres has no calls to make at once');

  // The entry's burstiness, typed and by preset.
  const burstiness = page.locator('#entry-0-arrival-scv');
  await commitField(burstiness, '4');
  const bursty = editedSampleReport({
    set: ['web.parallel_calls=true'],
    scenario: ['entries=[{"component":"lb","rate":120,"arrival_scv":4}]'],
  });
  await expectStored(page, (d) => d.scenario.entries[0].arrival_scv === 4, 'ca² 4 stored');
  await expectText(line, bursty.end_to_end[0], 'the end-to-end line with ca² 4');
  await expectRow(page, bursty, 'lb', 'ca² 4', ['response', 'p99']);
  await page.getByRole('button', { name: 'Arrival burstiness: steady, 0.25' }).click();
  await expectInputValue(burstiness, (v) => v === '0.25', 'the field after the preset');
  await expectStored(page, (d) => d.scenario.entries[0].arrival_scv === 0.25, 'ca² 0.25 stored');
  const steady = editedSampleReport({
    set: ['web.parallel_calls=true'],
    scenario: ['entries=[{"component":"lb","rate":120,"arrival_scv":0.25}]'],
  });
  await expectText(line, steady.end_to_end[0], 'the end-to-end line with ca² 0.25');
  console.log(`          ${editedSampleReport().end_to_end[0]}\n          parallel: ${concurrent.end_to_end[0]}`
    + `\n          + ca² 4: ${bursty.end_to_end[0]}\n          + ca² 0.25: ${steady.end_to_end[0]}`);
  await commitField(burstiness, 'bursty');
  await expectText(page.locator('#entry-0-arrival-scv-message'), '"bursty" is not a number', 'a word is refused');
  await expectText(line, steady.end_to_end[0], 'the line stays');
});
