// Latency percentiles and objectives on the page: the p99 column and the
// end-to-end line follow the dial, and an objective typed into the scenario
// panel breaks at the growth the native engine computes (engine.mjs runs
// `headroom report` with the same objective), never at numbers copied here.

import { openApp as openSample } from './app.mjs';
import { editedSampleReport } from './engine.mjs';
import assert from 'node:assert/strict';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';

async function enter(locator, value) {
  await locator.fill(String(value));
  await locator.press('Enter');
}

const objective = (percentile, target) =>
  `entries=[{"component":"lb","rate":120,"objective":{"percentile":${percentile},"target_ms":${target}}}]`;

test('an objective of p99 ≤ 100 ms holds, then breaks on the dial at the engine’s growth', async ({ page, url }) => {
  await openSample(page, url);
  const line = page.locator('[data-testid="end-to-end"] li').first();
  await enter(page.locator('#entry-0-objective-target'), 100);
  const at1 = editedSampleReport({ scenario: [objective(0.99, 100)] });
  await expectText(line, at1.end_to_end[0], 'the end-to-end line with the objective at 1x');
  // Past where the engine says it breaks, the line says so.
  for (const growth of [3.5, 3.6]) {
    await enter(page.locator('input#growth-input'), growth);
    const report = editedSampleReport({ growth, scenario: [objective(0.99, 100)] });
    await expectText(line, report.end_to_end[0], `the end-to-end line at ${growth}x`);
  }
  // Another percentile keeps the target.
  await page.locator('#entry-0-objective-percentile').selectOption('0.95');
  const p95 = editedSampleReport({ growth: 3.6, scenario: [objective(0.95, 100)] });
  await expectText(line, p95.end_to_end[0], 'the line with a p95 objective');
  // Emptying the target removes the objective.
  await enter(page.locator('#entry-0-objective-target'), '');
  const none = editedSampleReport({ growth: 3.6 });
  await expectText(line, none.end_to_end[0], 'the line without an objective');
});

test('the p99 column shows the engine’s percentile for every component', async ({ page, url }) => {
  await openSample(page, url);
  const report = editedSampleReport({ growth: 1 });
  for (const row of report.components) {
    const cell = page.locator(`table[data-testid="results"] tr[data-component-id="${row.id}"] td[data-col="p99"]`);
    await expectText(cell, row.p99_text, `${row.id} p99`);
  }
});

test('the failures panel gives the engine’s verdict and follows the dial', async ({ page, url }) => {
  await openSample(page, url);
  const verdict = page.locator('[data-testid="resilience-verdict"]');
  const rows = page.locator('[data-testid="resilience"] tbody tr');
  for (const growth of [1, 2]) {
    if (growth !== 1) await enter(page.locator('input#growth-input'), growth);
    const report = editedSampleReport({ growth });
    await expectText(verdict, report.resilience_verdict, `the verdict at ${growth}x`);
    const redis = report.failures.find((line) => line.component === 'Redis cache' && line.failure.startsWith('cache cold'));
    const row = rows.filter({ hasText: 'Redis cache' }).filter({ hasText: 'cache cold' });
    await expectText(row.locator('td').nth(2), redis.state, `a cold Redis at ${growth}x`);
    await expectText(row.locator('td').nth(3), redis.detail, `what a cold Redis does at ${growth}x`);
  }
});

test('an objective that breaks first leads the headline and joins the limits; its working opens by keyboard', async ({ page, url }) => {
  await openSample(page, url);
  await enter(page.locator('#entry-0-objective-target'), 60);
  const report = editedSampleReport({ scenario: [objective(0.99, 60)] });
  assert.ok(report.headline.startsWith('p99 of Load balancer passes 60 ms at '), report.headline);
  await expectText(page.locator('[data-testid="banner"]'), report.headline, 'the headline led by the objective');
  const line = report.limits.find((l) => l.limit === 'objective');
  await expectText(page.locator('[data-testid="ranking"] li[data-limit="objective"]'), line.text, 'the objective in the limits');
  // The end-to-end line opens to its working with the engine's rows.
  const summary = page.locator('[data-testid="end-to-end-line"]').first();
  await summary.focus();
  await page.keyboard.press('Enter');
  const working = page.locator('[data-testid="end-to-end-working"]').first();
  const expected = report.end_to_end_working[0];
  for (const figure of expected) {
    const row = working.locator(`tr[data-figure="${figure.figure}"]`);
    for (const part of ['formula', 'substituted', 'result']) {
      await expectText(row.locator(`[data-part="${part}"]`), figure[part], `${figure.figure} ${part}`);
    }
    const exact = figure.accuracy === 'exact';
    await expectText(row.locator('[data-part="accuracy"]'), exact ? 'exact' : `approximation: ${figure.accuracy.approximation}`, `${figure.figure} accuracy`);
  }
  await page.keyboard.press('Enter');
  await waitUntil(() => working.count(), (n) => n === 0, () => 'the working stays open after Enter again');
});

test('a failure opens by keyboard to its working, whose figures are the engine’s on the document with that failure', async ({ page, url }) => {
  await openSample(page, url);
  const panel = page.locator('[data-testid="resilience"]');
  const workingOf = (toggle) => panel.locator(`#${toggle}`).locator('[data-testid="failure-working"]');
  const part = (working, figure, name) => working.locator(`tr[data-figure="${figure}"] [data-part="${name}"]`);

  // One Web app instance lost: the engine's report with 1 instance (its
  // autoscaler's ceiling one lower too) gives the utilisation and the limit.
  const lost = panel.getByRole('button', { name: /^one instance lost of Web app$/ });
  assert.equal(await lost.getAttribute('aria-expanded'), 'false', 'closed at first');
  await lost.focus();
  await page.keyboard.press('Enter');
  assert.equal(await lost.getAttribute('aria-expanded'), 'true', 'Enter opens it');
  const web = workingOf(await lost.getAttribute('aria-controls'));
  await expectText(part(web, 'What fails', 'substituted'), 'Web app: 2 → 2 − 1; an autoscaler\'s ceiling 6 → 5', 'what the failure changes');
  const failed = editedSampleReport({ set: ['web.instances=1', 'web.max_instances=5'] });
  const row = failed.components.find((c) => c.id === 'web');
  await expectText(part(web, 'Web app: utilisation', 'result'), row.utilisation_text, 'the Web app’s ρ is the engine’s with one instance lost');
  await expectText(part(web, 'Web app: utilisation', 'accuracy'), 'exact', 'a utilisation is exact under the model');
  const first = failed.limits[0].text;
  const headroom = (await part(web, 'Headroom under the failure', 'substituted').textContent()).trim();
  assert.ok(headroom.startsWith(`${first}: `), `the headroom is the engine’s first limit (${first}): ${headroom}`);
  console.log(`    (one Web app instance lost: ρ ${row.utilisation_text}; ${headroom})`);

  // A cold Redis, opened with Space: every read reaches Postgres.
  const cold = panel.getByRole('button', { name: /^cache cold .* of Redis cache$/ });
  await cold.focus();
  await page.keyboard.press('Space');
  assert.equal(await cold.getAttribute('aria-expanded'), 'true', 'Space opens it');
  const redis = workingOf(await cold.getAttribute('aria-controls'));
  const coldReport = editedSampleReport({ set: ['redis.hit_ratio=0'] });
  const postgres = coldReport.components.find((c) => c.id === 'postgres');
  await expectText(part(redis, 'Postgres: utilisation of each primary node', 'result'), postgres.utilisation_text,
    'Postgres’s ρ is the engine’s with Redis cold');
  await expectText(part(redis, 'Postgres: arrival rate', 'result'), postgres.load_text, 'and so is its arrival rate');
  const rho = (await part(redis, 'Postgres: utilisation of each primary node', 'substituted').textContent()).trim();
  console.log(`    (a cold Redis: Postgres ρ = ${rho} = ${postgres.utilisation_text})`);
  const latency = (await part(redis, 'Mean end to end', 'result').textContent()).trim();
  assert.match(latency, /^\S+ \S+ → \S+ \S+$/, `the mean end to end before → after: ${latency}`);
  await expectText(part(redis, 'Mean end to end', 'accuracy'), 'exact', 'M/M/c everywhere on the sample: the mean is exact');

  // Enter again closes it; the table's rows still say what the engine says.
  await lost.focus();
  await page.keyboard.press('Enter');
  assert.equal(await lost.getAttribute('aria-expanded'), 'false', 'Enter closes it');
  await expectCount(web, 0, 'the closed working is gone');
});
