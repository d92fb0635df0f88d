// Beyond the mean on the page: the boxes' latency switch (mean / p95 / p99)
// shows on every box the figure the native engine reports for it, the
// growth chart marks an objective where the engine says it breaks, and
// Simulate runs in slices with a progress bar and Cancel, then shows the
// simulated figures beside the analytic ones (which equal the CLI's).

import assert from 'node:assert/strict';

import { openApp, storage } from './app.mjs';
import { editedSampleReport } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

async function enter(locator, value) {
  await locator.fill(String(value));
  await locator.press('Enter');
}

const boxLatency = (page, id) => page.locator(`svg[data-testid="canvas"] g[data-component-id="${id}"] .node-latency`);

const objective = (percentile, target) =>
  `entries=[{"component":"lb","rate":120,"objective":{"percentile":${percentile},"target_ms":${target}}}]`;

/** "mean 18.8 ms, p50 …" of an end-to-end line, as { mean, p50, p95, p99 } texts. */
function endToEndFigures(line) {
  const figures = {};
  for (const name of ['mean', 'p50', 'p95', 'p99']) {
    const found = line.match(new RegExp(`\\b${name} ([^,;]+)`));
    if (!found) throw new Error(`no ${name} in the engine's line: ${line}`);
    figures[name] = found[1].trim();
  }
  return figures;
}

/** Seconds from a duration as the page writes it ("31.4 ms", "733 µs", "1.2 s"). */
function seconds(text) {
  const [value, unit] = text.split(' ');
  return Number(value) * { 'µs': 1e-6, ms: 1e-3, s: 1 }[unit];
}

test('the latency switch shows on every box the CLI’s mean, then p95, then p99, and is kept for the next visit', async ({ page, url }) => {
  await openApp(page, url);
  const group = page.getByRole('radiogroup', { name: 'Latency on the boxes' });
  await expectVisible(group, 'the switch');
  assert.equal(await group.getByRole('radio', { name: 'mean' }).isChecked(), true, 'the mean is the default');
  const report = editedSampleReport({ growth: 1 });
  for (const row of report.components) {
    await expectText(boxLatency(page, row.id), row.response_text, `${row.id}'s mean on its box`);
  }
  // By keyboard: the arrow keys move a radio group's choice.
  await group.getByRole('radio', { name: 'mean' }).focus();
  await page.keyboard.press('ArrowRight');
  assert.equal(await group.getByRole('radio', { name: 'p95' }).isChecked(), true, 'one step right is p95');
  for (const row of report.components) {
    await expectText(boxLatency(page, row.id), row.p95_text, `${row.id}'s p95 on its box`);
  }
  await page.keyboard.press('ArrowRight');
  assert.equal(await group.getByRole('radio', { name: 'p99' }).isChecked(), true, 'two steps right is p99');
  for (const row of report.components) {
    await expectText(boxLatency(page, row.id), row.p99_text, `${row.id}'s p99 on its box`);
  }
  // The boxes follow the dial with p99 on.
  await enter(page.locator('input#growth-input'), 3);
  const at3 = editedSampleReport({ growth: 3 });
  for (const row of at3.components) {
    await expectText(boxLatency(page, row.id), row.p99_text, `${row.id}'s p99 at 3x`);
  }
  const title = await page.locator('svg[data-testid="canvas"] g[data-component-id="postgres"] > title').textContent();
  const postgres = at3.components.find((row) => row.id === 'postgres');
  assert.ok(title.endsWith(`, p99 latency ${postgres.p99_text}`), `the box's description says its p99: ${title}`);
  assert.equal((await storage(page))['headroom/v1/view/box-latency'], 'p99', 'the choice is stored');
  await page.reload();
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
  assert.equal(await page.getByRole('radio', { name: 'p99' }).isChecked(), true, 'p99 is still chosen after a reload');
});

test('an objective is marked on the growth chart at the growth the engine says it breaks', async ({ page, url }) => {
  await openApp(page, url);
  const chart = page.locator('[data-testid="growth-chart"]');
  await expectCount(chart.locator('[data-testid="objective-marker"]'), 0, 'no objective, no marker');
  await enter(page.locator('#entry-0-objective-target'), 100);
  const report = editedSampleReport({ scenario: [objective(0.99, 100)] });
  const holds = report.end_to_end[0].match(/holds until (\S+×)/);
  assert.ok(holds, `the engine says where it breaks: ${report.end_to_end[0]}`);
  const sentence = `p99 ≤ 100 ms (Load balancer) breaks at ${holds[1]}`;
  await expectText(chart.locator('[data-testid="objective-legend"]'), sentence, 'the legend names the objective and its growth');
  const marker = chart.locator('[data-testid="objective-marker"]');
  await expectCount(marker, 1, 'one marker');
  await expectText(marker.locator('.objective-label'), 'p99 ≤ 100 ms (Load balancer)', 'the marker’s label');
  // On the log axis, between the 1× and 1000× grid lines.
  const ticks = await chart.locator('.ticks line.grid-line').evaluateAll((lines) =>
    lines.filter((l) => l.getAttribute('x1') === l.getAttribute('x2')).map((l) => Number(l.getAttribute('x1'))));
  const [left, right] = [Math.min(...ticks), Math.max(...ticks)];
  const growth = Number(await marker.getAttribute('data-breaks-at'));
  assert.equal(growth.toPrecision(3), holds[1].replace('×', ''), `the marker's growth is the engine's: ${growth}`);
  const x = Number(await marker.locator('line').getAttribute('x1'));
  const expected = left + (Math.log10(growth) / 3) * (right - left);
  assert.ok(Math.abs(x - expected) < 0.5, `the marker stands at ${expected}, not ${x}`);
  const description = await chart.locator('[data-testid="growth-chart-description"]').textContent();
  assert.ok(description.includes(`Latency objectives: ${sentence}.`), `the text alternative says it: ${description}`);
});

test('Simulate shows progress, Cancel stops it, a full run shows simulated beside analytic, and an edit makes it stale', async ({ page, url }) => {
  await openApp(page, url);
  const panel = page.locator('[data-testid="simulation"]');
  const progress = panel.getByRole('progressbar', { name: 'Simulation progress' });
  await panel.getByRole('button', { name: 'Simulate' }).click();
  await expectVisible(progress, 'the progress bar');
  const now = await waitUntil(() => progress.getAttribute('aria-valuenow'), (v) => Number(v) > 0, () => 'the bar moves');
  assert.ok(Number(now) < 100, `part way: ${now}`);
  assert.match(await progress.getAttribute('aria-valuetext'), /^\d+% \([\d,]+ of [\d,]+ requests\)$/);
  await panel.getByRole('button', { name: 'Cancel' }).click();
  await expectCount(progress, 0, 'Cancel removes the bar');
  await expectVisible(panel.locator('[data-testid="simulation-cancelled"]'), 'the run says it was cancelled');
  await expectCount(panel.locator('[data-testid="simulation-table"]'), 0, 'no figures from a cancelled run');

  // A full run; the page stays live meanwhile: the dial moves and the
  // table follows it.
  await panel.getByRole('button', { name: 'Simulate again' }).click();
  await expectVisible(progress, 'the second run’s bar');
  await enter(page.locator('input#growth-input'), 1.5);
  await expectText(page.locator('#results-caption'), 'Every component at 1.5× growthSelect a name to see how its figures are worked out.',
    'the table follows the dial while the simulation runs');
  await enter(page.locator('input#growth-input'), 1);
  const table = panel.locator('[data-testid="simulation-table"]');
  await expectVisible(table, 'the comparison', { timeout: 40_000 });
  const analytic = endToEndFigures(editedSampleReport({ growth: 1 }).end_to_end[0]);
  for (const figure of ['mean', 'p50', 'p95', 'p99']) {
    const row = table.locator(`tr[data-figure="${figure}"]`);
    await expectText(row.locator('[data-col="analytic"]'), analytic[figure], `the analytic ${figure} is the CLI's`);
    const simulated = (await row.locator('[data-col="simulated"]').textContent()).trim();
    const off = Math.abs(seconds(simulated) / seconds(analytic[figure]) - 1);
    assert.ok(off < (figure === 'mean' ? 0.05 : 0.25), `the simulated ${figure} ${simulated} is near ${analytic[figure]}`);
    const difference = (await row.locator('[data-col="difference"]').textContent()).trim();
    assert.match(difference, /^[+-]?\d+\.\d%$/, `the difference in percent: ${difference}`);
  }
  assert.match((await table.locator('tr[data-figure="p99"] [data-col="half-width"]').textContent()).trim(), /^± /);
  // The run started at 1× and the dial is back at 1×: current.
  await expectCount(panel.locator('[data-testid="simulation-stale"]'), 0, 'a run on this document is not stale');
  const elapsed = Number(await panel.locator('[data-testid="simulation-summary"]').getAttribute('data-elapsed-ms'));
  console.log(`    (10^6 simulated requests of the sample, with the page live: ${(elapsed / 1000).toFixed(2)} s)`);
  await enter(page.locator('input#growth-input'), 2);
  await expectVisible(panel.locator('[data-testid="simulation-stale"]'), 'moving the dial makes the result stale');
  await expectVisible(panel.getByRole('button', { name: 'Simulate again' }), 'and offers to run again');
});

test('Simulate where the bottleneck is 90% busy shows that growth and the p99 difference; a figure opens to how it was estimated', async ({ page, url }) => {
  await openApp(page, url);
  const panel = page.locator('[data-testid="simulation"]');
  await panel.getByRole('radio', { name: 'where the bottleneck is 90.0% busy' }).check();
  await panel.getByRole('button', { name: 'Simulate', exact: true }).click();
  const table = panel.locator('[data-testid="simulation-table"]');
  await expectVisible(table, 'the comparison at the bottleneck', { timeout: 60_000 });
  // The growth shown is the engine's: there Postgres, the sample's
  // bottleneck, is 90% busy.
  const growth = Number(await panel.locator('[data-testid="simulation-summary"]').getAttribute('data-growth'));
  const there = editedSampleReport({ growth });
  assert.equal(there.components.find((c) => c.id === 'postgres').utilisation_text, '90.0%', `Postgres at ${growth}x`);
  const sentence = (await panel.locator('[data-testid="simulation-bottleneck-growth"]').textContent()).trim();
  const postgres = there.report.components.find((c) => c.id === 'postgres');
  assert.match(sentence, /^At \S+×, the growth where the analysis puts Postgres at 90\.0% utilisation \(ρ = λ \/ \(c·μ\) = [\d.]+ \/ \(1 × 400\)\)/, sentence);
  assert.ok(sentence.includes(`= ${Number(postgres.arrival_rate.toPrecision(4))} / (`), `λ is the engine’s ${postgres.arrival_rate}: ${sentence}`);
  const p99 = (await panel.locator('[data-testid="simulation-bottleneck-p99"]').first().textContent()).trim();
  assert.match(p99, /^p99 end to end of Load balancer: analytic \S+ \S+, simulated \S+ \S+ ± \S+ \S+; the analytic is \d+\.\d% (below|above) the simulated$/, p99);
  console.log(`    (${sentence} ${p99})`);
  // The analytic figures are the CLI's at that growth.
  const analytic = endToEndFigures(there.end_to_end[0]);
  for (const figure of ['mean', 'p99']) {
    await expectText(table.locator(`tr[data-figure="${figure}"] [data-col="analytic"]`), analytic[figure], `the analytic ${figure} at ${growth}x`);
  }
  // Moving the dial does not make a run at the bottleneck stale.
  await enter(page.locator('input#growth-input'), 2);
  await expectVisible(page.locator('#results-caption').filter({ hasText: '2× growth' }), 'the dial at 2×');
  await expectCount(panel.locator('[data-testid="simulation-stale"]'), 0, 'a bottleneck run does not follow the dial');

  // The p99 opens by keyboard to how it was estimated.
  const toggle = panel.getByRole('button', { name: /^p99 of Load balancer: how it is estimated$/ });
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true', 'Enter opens the p99’s working');
  const working = panel.locator(`#${await toggle.getAttribute('aria-controls')} [data-testid="simulation-working"]`);
  await expectVisible(working, 'the p99’s working');
  const part = (figure, name) => working.locator(`tr[data-figure="${figure}"] [data-part="${name}"]`);
  await expectText(part('Requests measured', 'result'), '1,000,000', 'the requests measured');
  assert.match((await part('Requests measured', 'substituted').textContent()).trim(), /^50,000 entered first and were discarded; then 1,000,000 measured/);
  assert.match((await part('Simulated p99', 'substituted').textContent()).trim(), /^rank 0\.99 × 1,000,000 = 990,000 of 1,000,000$/);
  assert.match((await part('Simulated p99', 'accuracy').textContent()).trim(), /^estimate \(simulated, seed 13\)/);
  const simulated = (await table.locator('tr[data-figure="p99"] [data-col="simulated"]').textContent()).trim();
  await expectText(part('Simulated p99', 'result'), simulated, 'the working’s result is the table’s');
  assert.match((await part('95% half-width of the p99', 'substituted').textContent()).trim(), /^2\.093 × \S+ \S+ \/ √20$/);
  await expectText(part('Analytic p99 end to end', 'result'), analytic.p99, 'the analytic p99 in the working');
  assert.match((await part('Analytic p99 end to end', 'accuracy').textContent()).trim(), /^approximation: /, 'the analytic p99 is an approximation');
  const difference = (await table.locator('tr[data-figure="p99"] [data-col="difference"]').textContent()).trim();
  await expectText(part('Difference', 'result'), difference, 'the difference in the working is the table’s');
  // The mean's analytic side is exact.
  const mean = panel.getByRole('button', { name: /^mean of Load balancer: how it is estimated$/ });
  await mean.focus();
  await page.keyboard.press('Space');
  const meanWorking = panel.locator(`#${await mean.getAttribute('aria-controls')} [data-testid="simulation-working"]`);
  await expectText(meanWorking.locator('tr[data-figure="Analytic mean end to end"] [data-part="accuracy"]'), 'exact', 'the analytic mean is exact');
  assert.match((await meanWorking.locator('tr[data-figure="Simulated mean"] [data-part="substituted"]').textContent()).trim(), /^\S+ s \/ 1,000,000$/);
});
