// Scaling patterns on the page: the working behind every figure, the limits
// and violations beside the banner, the charts, cost and the scenario form,
// each checked against what the native engine predicts for the same edit
// (engine.mjs runs `headroom report` with the same change), never against
// numbers copied here.

import assert from 'node:assert/strict';

import { editedSampleReport, editedTemplateReport, sampleReport, templateReport } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

/** Opens the app and waits until the sample has rendered. */
async function openSample(page, url) {
  await page.goto(url);
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
}

/** Types `value` into the field and applies it with Enter. */
async function enter(locator, value) {
  await locator.fill(String(value));
  await locator.press('Enter');
}

async function setGrowth(page, growth) {
  await enter(page.locator('input#growth-input'), growth);
}

/** Waits until the locator's elements have exactly these trimmed texts. */
function expectTexts(locator, expected, what) {
  return waitUntil(
    async () => (await locator.allTextContents()).map((text) => text.trim()),
    (texts) => JSON.stringify(texts) === JSON.stringify(expected),
    (texts) => `${what}: expected ${JSON.stringify(expected)}, found ${JSON.stringify(texts)}`,
  );
}

/** The banner and every results cell show the engine's `report`. */
async function expectReport(page, report, what) {
  await expectText(page.locator('[data-testid="banner"]'), report.headline, `banner ${what}`);
  for (const row of report.components) {
    for (const column of ['load', 'capacity', 'utilisation', 'response', 'headroom', 'cost']) {
      const cell = page.locator(`table[data-testid="results"] tr[data-component-id="${row.id}"] td[data-col="${column}"]`);
      await expectText(cell, row[`${column}_text`], `${row.id} ${column} ${what}`);
    }
  }
}

/** The working of component `id` shows the engine's explanations exactly. */
async function expectWorking(page, report, id, what) {
  const expected = report.explanations.find((entry) => entry.id === id).figures;
  const working = page.locator(`[data-testid="working"][data-component-id="${id}"]`);
  await expectCount(working.locator('tbody tr[data-figure]'), expected.length, `${id} figures ${what}`);
  for (const figure of expected) {
    const row = working.locator(`tr[data-figure="${figure.figure}"]`);
    for (const part of ['formula', 'substituted', 'result']) {
      await expectText(row.locator(`[data-part="${part}"]`), figure[part], `${id} ${figure.figure} ${part} ${what}`);
    }
  }
}

test('a component\'s working shows each formula with the engine\'s numbers, by mouse and keyboard', async ({ page, url }) => {
  await openSample(page, url);
  const toggle = page.locator('tr[data-component-id="postgres"] button[data-action="explain"]');
  const row = page.locator('tr[data-working-of="postgres"]');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await row.isVisible(), false, 'the working is shown before it was asked for');
  await toggle.click();
  await expectVisible(row, 'Postgres working after a click');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  assert.equal(await toggle.getAttribute('aria-controls'), await row.getAttribute('id'));
  await expectWorking(page, sampleReport(1), 'postgres', 'at 1x');
  // ρ = λ / (c·μ) with the numbers: the row the issue asks for.
  const utilisation = page.locator('[data-testid="working"][data-component-id="postgres"] tr[data-figure="Utilisation of each primary node"]');
  await expectText(utilisation.locator('[data-part="formula"]'), 'ρ = λ / (c·μ)', 'utilisation formula');

  // It stays open while the dial moves and follows the numbers.
  await setGrowth(page, 3);
  await expectWorking(page, sampleReport(3), 'postgres', 'at 3x');

  // Keyboard: the name is a button; Enter closes and Space opens the web app's.
  await toggle.focus();
  await page.keyboard.press('Enter');
  await waitUntil(() => row.isVisible(), (visible) => !visible, () => 'Postgres working still shown after Enter');
  const web = page.locator('tr[data-component-id="web"] button[data-action="explain"]');
  await web.focus();
  await page.keyboard.press('Space');
  await expectVisible(page.locator('tr[data-working-of="web"]'), 'web app working after Space');
  await expectWorking(page, sampleReport(3), 'web', 'at 3x');
  // Autoscaling is explained with the comfort-line rule.
  await waitUntil(
    () => page.locator('[data-testid="working"][data-component-id="web"] tr[data-figure="Instances"]').count(),
    (count) => count === 1, () => 'the web app\'s working has no "Instances" figure');
});

/** The component whose row carries the bottleneck badge. */
async function bottleneckRow(page) {
  return page.locator('table[data-testid="results"] tr.row-bottleneck').getAttribute('data-component-id');
}

test('raising the cache\'s hit ratio in the inspector moves the bottleneck as the engine predicts', async ({ page, url }) => {
  await openSample(page, url);
  const node = (id) => page.locator(`svg[data-testid="canvas"] g[data-component-id="${id}"]`);
  // First lift Postgres' connection limit (the sample's first limit), so
  // that what its CPU can take decides.
  await node('postgres').click();
  await enter(page.getByLabel('Max connections', { exact: true }), 200);
  const steps = [
    [['postgres.database.max_connections=200'], null],
    [['postgres.database.max_connections=200', 'redis.hit_ratio=0.95'], '95'],
    [['postgres.database.max_connections=200', 'redis.hit_ratio=0.99'], '99'],
  ];
  const bottlenecks = [];
  for (const [set, hitRatio] of steps) {
    if (hitRatio) {
      await node('redis').click();
      await enter(page.getByLabel('Hit ratio', { exact: true }), hitRatio);
    }
    const report = editedSampleReport({ set });
    const what = `with ${set.join(', ')}`;
    await expectReport(page, report, what);
    const expected = report.report.ranking[0].component;
    await waitUntil(() => bottleneckRow(page), (id) => id === expected,
      (id) => `bottleneck row ${what}: expected ${expected}, found ${id}`);
    await expectText(page.locator('[data-testid="ranking"] li').first(), report.limits[0].text, `first limit ${what}`);
    bottlenecks.push(expected);
  }
  // The engine predicts the move: Postgres' CPU (4.17×, then 6.67×) until
  // 99% of reads hit the cache, then the web app (7.5×).
  assert.deepEqual(bottlenecks, ['postgres', 'postgres', 'web']);
  // Postgres' working shows the new hit ratio in its arrival rate.
  const last = editedSampleReport({ set: steps[2][0] });
  await page.locator('tr[data-component-id="postgres"] button[data-action="explain"]').click();
  await expectWorking(page, last, 'postgres', 'with 99% hits');
});

test('the day\'s note sits under a consumer\'s row', async ({ page, url }) => {
  await openSample(page, url);
  for (const growth of [1, 20]) {
    await setGrowth(page, growth);
    const worker = sampleReport(growth).components.find((row) => row.id === 'worker');
    assert.ok(worker.note, `the engine gives the worker a note at ${growth}x`);
    await expectText(page.locator('tr[data-note-of="worker"]'), worker.note, `worker note at ${growth}x`);
  }
});

test('limits: the ranking, and the connection violation from 3.5x as the engine reports it', async ({ page, url }) => {
  await openSample(page, url);
  const ranking = page.locator('[data-testid="ranking"] li');
  const violations = page.locator('[data-testid="violations"] li');
  for (const growth of [3, 4]) {
    await setGrowth(page, growth);
    const report = sampleReport(growth);
    await expectTexts(ranking, report.limits.slice(0, 5).map((line) => line.text), `ranking at ${growth}x`);
    const past = await ranking.evaluateAll((items) => items.map((item) => item.classList.contains('past')));
    assert.deepEqual(past, report.limits.slice(0, 5).map((line) => line.past), `"past" marks at ${growth}x`);
    await expectTexts(violations, report.violations.map((line) => line.text), `violations at ${growth}x`);
    await expectTexts(page.locator('[data-testid="budgets"] li'), report.connections.map((line) => line.text),
      `connection budgets at ${growth}x`);
  }
  // At 3x nothing is broken; at 4x Postgres is out of connections.
  assert.equal(sampleReport(3).violations.length, 0, 'the engine reports no violation at 3x');
  assert.deepEqual(sampleReport(4).violations.map((line) => [line.id, line.kind]), [['postgres', 'connections']]);
  await expectCount(violations, 1, 'violations at 4x');
  assert.equal(await violations.first().getAttribute('data-kind'), 'connections');
  await setGrowth(page, 3);
  await expectVisible(page.locator('[data-testid="no-violations"]'), 'the "nothing is broken" line at 3x');
});

test('editing the peak factor updates the banner; a refused value is explained beside the field', async ({ page, url }) => {
  await openSample(page, url);
  const field = page.getByRole('textbox', { name: 'Peak factor (×)', exact: true });
  const message = page.locator('#scenario-peak-factor-message');
  assert.equal(await field.inputValue(), '1');
  await enter(field, 2);
  await expectReport(page, editedSampleReport({ scenario: ['peak_factor=2'] }), 'with peak factor 2');
  assert.equal(await message.isVisible(), false, 'a message is shown for a valid peak factor');

  // The model refuses 0: the message is the model's, the page keeps 2.
  for (const [typed, expected] of [['0', 'must be greater than 0, got 0'], ['lots', '"lots" is not a number']]) {
    await enter(field, typed);
    await expectVisible(message, `message after typing ${typed}`);
    await expectText(message, expected, `message after typing ${typed}`);
    assert.equal(await field.getAttribute('aria-invalid'), 'true');
    await expectReport(page, editedSampleReport({ scenario: ['peak_factor=2'] }), `after refusing ${typed}`);
  }
  await enter(field, 1);
  await expectReport(page, sampleReport(1), 'back at peak factor 1');
  await waitUntil(() => message.isVisible(), (visible) => !visible, () => 'the message stays after a valid value');
});

test('a growth override from the scenario panel moves the numbers as the engine predicts', async ({ page, url }) => {
  await openSample(page, url);
  const overrides = page.locator('[data-testid="overrides"]');
  await overrides.locator('button[data-action="add-override"]').click();
  const picker = page.getByRole('combobox', { name: 'Override 1', exact: true });
  await picker.selectOption('web');
  await enter(page.getByRole('textbox', { name: 'Grows this many times as fast', exact: true }), 3);
  const expected = editedSampleReport({ scenario: ['growth_overrides=[{"component":"web","factor":3}]'] });
  await expectReport(page, expected, 'with the web app growing 3x as fast');
  // Removing it restores the sample.
  await overrides.locator('button[data-action="remove-override"]').click();
  await expectReport(page, sampleReport(1), 'after removing the override');
});

test('the daily profile goes flat and back, and the worker is judged over the new day', async ({ page, url }) => {
  await openSample(page, url);
  await setGrowth(page, 12);
  const flat = editedSampleReport({ growth: 12, scenario: [`daily_profile=${JSON.stringify(Array(24).fill(1))}`] });
  await page.locator('button[data-action="flat-profile"]').click();
  await expectReport(page, flat, 'with a flat day at 12x');
  await expectText(page.locator('[data-testid="profile-description"]'),
    'Flat: the peak all day; the day\'s average is the peak.', 'profile description when flat');
  // One hour typed in: 03:00 at 0.5.
  await enter(page.locator('#profile-hour-3'), '0.5');
  const profile = Array(24).fill(1);
  profile[3] = 0.5;
  await expectReport(page, editedSampleReport({ growth: 12, scenario: [`daily_profile=${JSON.stringify(profile)}`] }),
    'with 03:00 at half the peak');
  await enter(page.locator('#profile-hour-3'), '-1');
  await expectText(page.locator('#profile-hour-3-message'), 'must be 0 or more, got -1', 'message beside 03:00');
  await page.locator('button[data-action="diurnal-profile"]').click();
  await expectReport(page, sampleReport(12), 'back on the typical day');
  await waitUntil(() => page.locator('#profile-hour-3-message').isVisible(), (visible) => !visible,
    () => 'the 03:00 message stays after the reset');
});

test('the growth chart marks where each top component gives out; the worker\'s day is drawn', async ({ page, url }) => {
  await openSample(page, url);
  const chart = page.locator('[data-testid="growth-chart"]');
  // The chart shows the first four components to give out, each once.
  const seen = new Set();
  const expected = sampleReport(1).limits.filter((line) => !seen.has(line.id) && seen.add(line.id)).slice(0, 4);
  await expectTexts(chart.locator('.chart-legend li[data-component-id] .legend-text'), expected.map((line) => line.text), 'chart legend');
  await expectCount(chart.locator('g.saturation-marker[data-component-id]'), expected.length, 'saturation markers');
  await expectCount(chart.locator('path.series-line[data-component-id]'), expected.length, 'chart lines');
  const description = (await chart.locator('[data-testid="growth-chart-description"]').textContent()).trim();
  for (const line of expected) assert.ok(description.includes(line.text), `chart description lacks "${line.text}": ${description}`);
  await expectText(chart.locator('.now-marker text'), 'now 1×', 'current growth marker');
  await setGrowth(page, 10);
  await expectText(chart.locator('.now-marker text'), 'now 10×', 'current growth marker at 10x');

  // The worker is judged over the day: its chart says what its note says.
  const day = page.locator('[data-testid="day-chart"][data-component-id="worker"]');
  await expectCount(page.locator('[data-testid="day-chart"]'), 1, 'day charts');
  for (const growth of [10, 20]) {
    await setGrowth(page, growth);
    const note = sampleReport(growth).components.find((row) => row.id === 'worker').note;
    const summary = note.replace(/^judged over the day: /, '');
    await waitUntil(async () => (await day.locator('[data-testid="day-chart-description"]').textContent()).trim(),
      (text) => text.endsWith(`${summary}.`), (text) => `worker day description at ${growth}x does not end with "${summary}." (${text})`);
  }
  assert.equal(await day.locator('svg.chart-svg').getAttribute('role'), 'img');
});

test('cost: the monthly total, the price of a million requests and the breakdown are the engine\'s', async ({ page, url }) => {
  await openSample(page, url);
  for (const growth of [1, 4]) {
    await setGrowth(page, growth);
    const { cost } = sampleReport(growth);
    await expectText(page.locator('[data-testid="cost-total"]'), cost.total, `total at ${growth}x`);
    await expectText(page.locator('[data-testid="cost-per-million"]'), cost.per_million, `per million at ${growth}x`);
    await expectText(page.locator('[data-testid="cost-requests"]'), cost.monthly_requests, `requests at ${growth}x`);
    await expectTexts(page.locator('.cost-breakdown tbody tr td.numeric:first-of-type'),
      cost.breakdown.map((item) => item.cost_text), `breakdown at ${growth}x`);
  }
});

test('a consumer\'s working shows its average inflow, peak backlog, worst delay and drain time as the engine does', async ({ page, url }) => {
  await openSample(page, url);
  for (const growth of [10, 20, 1]) {
    await setGrowth(page, growth);
    const report = sampleReport(growth);
    await expectReport(page, report, `at ${growth}x`);
    const toggle = page.locator('tr[data-component-id="worker"] button[data-action="explain"]');
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await expectWorking(page, report, 'worker', `at ${growth}x`);
  }
  // At 10x the worker builds a backlog in the busy hours and drains it; at
  // 20x the day's average is more than it can do; at 1x it keeps up.
  const figures = (growth) => sampleReport(growth).explanations.find((e) => e.id === 'worker').figures.map((f) => f.figure);
  for (const figure of ['Average inflow over the day', 'Peak backlog', 'Worst delay', 'Drain time']) {
    assert.ok(figures(10).includes(figure), `the engine's worker working at 10x lacks "${figure}"`);
  }
  assert.ok(figures(20).includes('Backlog growth per day'), 'the unbounded worker at 20x does not explain its growth a day');
  assert.ok(!figures(1).includes('Worst delay'), 'a worker that keeps up has no worst delay to explain');
});

test('the cost panel\'s figures open to their working, as the engine works them out', async ({ page, url }) => {
  await openSample(page, url);
  const toggle = page.locator('button[data-action="explain-cost"]');
  const working = page.locator('[data-testid="cost-working"]');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  assert.equal(await working.count(), 0, 'the cost working is shown before it was asked for');
  await toggle.focus();
  await page.keyboard.press('Enter');
  for (const growth of [1, 4]) {
    await setGrowth(page, growth);
    const expected = sampleReport(growth).cost_working;
    await expectCount(working.locator('tbody tr[data-figure]'), expected.length, `cost figures at ${growth}x`);
    for (const figure of expected) {
      const row = working.locator(`tr[data-figure="${figure.figure}"]`);
      for (const part of ['formula', 'substituted', 'result']) {
        await expectText(row.locator(`[data-part="${part}"]`), figure[part], `cost ${figure.figure} ${part} at ${growth}x`);
      }
    }
    // The working's results are the panel's figures.
    const { cost } = sampleReport(growth);
    assert.equal(expected.find((f) => f.figure === 'Every month').result, cost.total);
    assert.equal(expected.find((f) => f.figure === 'Per million requests').result, cost.per_million);
  }
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
});

test('the growth chart says why an autoscaled line saw-tooths and what a day-judged line shows', async ({ page, url }) => {
  await openSample(page, url);
  const chart = page.locator('[data-testid="growth-chart"]');
  const { report } = sampleReport(1);
  // Of the charted components, the engine autoscales the web app (a
  // ceiling above what it runs at 1x) and judges the worker over the day.
  const autoscaled = report.components.filter((c) => c.instance_ceiling > c.instances).map((c) => c.id);
  const overTheDay = report.components.filter((c) => c.judged === 'day').map((c) => c.id);
  assert.deepEqual([autoscaled, overTheDay], [['web'], ['worker']]);
  await expectCount(chart.locator('[data-testid="legend-note"]'), 2, 'legend notes');
  const note = async (id) => (await chart.locator(`li[data-component-id="${id}"] [data-testid="legend-note"]`).textContent()).trim();
  const ceiling = report.components.find((c) => c.id === 'web').instance_ceiling;
  assert.ok((await note('web')).includes(`all ${ceiling} run`), `the web app's note names its ceiling: ${await note('web')}`);
  assert.ok((await note('worker')).includes('judged over the day'), `the worker's note: ${await note('worker')}`);
  const description = (await chart.locator('[data-testid="growth-chart-description"]').textContent()).trim();
  for (const id of ['web', 'worker']) {
    const text = (await note(id)).replace(/^\(|\)$/g, '');
    assert.ok(description.includes(text), `the description repeats ${id}'s note: ${description}`);
  }
});

test('an external API is edited as keys, a rate limit per key and a latency, and its working shows the limit', async ({ page, url }) => {
  await openSample(page, url);
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start from a template' });
  await expectVisible(dialog, 'the template picker');
  await dialog.locator('button[data-template="event-pipeline"]').click();
  await expectText(page.locator('[data-testid="banner"]'), templateReport('event-pipeline', 1).headline, 'event pipeline opened');
  await page.locator('svg[data-testid="canvas"] g[data-component-id="email"]').click();
  const field = (key) => page.locator(`.field[data-field="${key}"]`);
  for (const [key, label, unit] of [
    ['instances', 'Keys', null],
    ['throughput-per-instance', 'Rate limit per key', 'req/s'],
    ['base-latency-ms', 'Latency', 'ms'],
    ['monthly-cost-per-instance', 'Monthly cost per key', '$/month'],
  ]) {
    await expectText(field(key).locator('label'), label, `${key} label`);
    if (unit) await expectText(field(key).locator('.field-unit'), unit, `${key} unit`);
  }
  await expectCount(field('max-instances'), 0, 'an autoscaling field on an external API');
  // Halving its rate limit moves its figures as the engine predicts.
  await enter(page.getByLabel('Rate limit per key', { exact: true }), 50);
  const edited = editedTemplateReport('event-pipeline', { set: ['email.throughput_per_instance=50'] });
  await expectReport(page, edited, 'with the email API at 50 req/s');
  await page.locator('tr[data-component-id="email"] button[data-action="explain"]').click();
  await expectWorking(page, edited, 'email', 'with the email API at 50 req/s');
  const limit = edited.explanations.find((e) => e.id === 'email').figures.find((f) => f.figure === 'Rate limit');
  assert.ok(limit, 'the engine explains the email API\'s rate limit');
});
