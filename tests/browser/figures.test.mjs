// Figures that must not contradict each other (issue 12, items 5 and 9):
// a box's band and the legend, a chart marker and its line, the modules
// panel and the results table, a blank document's zeros, a huge
// utilisation inside its box, the chart's axis title beside its ticks.
// Expected figures come from the native CLI (engine.mjs), never copied.

import assert from 'node:assert/strict';

import { openApp, openTemplate } from './app.mjs';
import { editedSampleReport, sampleReport, templateReport } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

/** Sets the growth dial by typing, as a person does. */
async function setGrowth(page, growth) {
  const field = page.locator('input#growth-input');
  await field.fill(String(growth));
  await field.press('Enter');
}

/** A box on the canvas. */
function box(page, id) {
  return page.locator(`${CANVAS} g.node[data-component-id="${id}"]`);
}

/** Whether two client rectangles overlap. */
function overlap(a, b) {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

test('a consumer over 100% at the peak says "hot · over the day", and the legend lists that band', async ({ page, url }) => {
  const worker = sampleReport(10).components.find((c) => c.id === 'worker');
  // The case the issue reports: over 100% yet hot (its queue catches up).
  assert.equal(worker.status, 'hot');
  assert.ok(Number.parseFloat(worker.utilisation_text) >= 100, worker.utilisation_text);
  await openApp(page, url);
  await setGrowth(page, 10);
  await expectText(page.locator('[data-testid="banner"]'), sampleReport(10).headline, 'the banner at 10×');
  const node = box(page, 'worker');
  await expectText(node.locator('.node-utilisation'), worker.utilisation_text, 'the worker’s figure');
  await expectText(node.locator('.node-status'), 'hot', 'the worker’s band');
  await expectText(node.locator('.node-status-note'), '· over the day', 'the box says it is judged over the day');
  // The legend has that very band, with a range its figure falls in.
  const entry = page.locator('.legend-item[data-status="hot"][data-note="over the day"]');
  await expectCount(entry, 1, 'the legend’s “hot · over the day” entry');
  await expectText(entry.locator('.legend-word'), 'hot · over the day', 'its word');
  assert.match(await entry.locator('.legend-range').textContent(), /^100% or more at the peak/);
  // The note stays inside the strip, clear of the band's word.
  const [word, note, strip] = await Promise.all(
    ['.node-status', '.node-status-note', '.node-strip'].map((s) => node.locator(s).evaluate((e) => e.getBoundingClientRect().toJSON())),
  );
  assert.ok(!overlap(word, note), `word ${JSON.stringify(word)} overlaps note ${JSON.stringify(note)}`);
  assert.ok(note.left >= strip.left && note.right <= strip.right + 0.5, `note ${JSON.stringify(note)} outside ${JSON.stringify(strip)}`);
  // A peak-judged box past 100% is plain saturated, with no note.
  const web = sampleReport(10).components.find((c) => c.id === 'web');
  await expectText(box(page, 'web').locator('.node-status'), web.status, 'the web app’s band');
  await expectText(box(page, 'web').locator('.node-status-note'), '', 'no note on the web app');
});

test('each growth-chart marker sits on the line of the component it names', async ({ page, url }) => {
  const report = sampleReport(1);
  await openApp(page, url);
  const chart = page.locator('[data-testid="growth-chart"]');
  await chart.scrollIntoViewIfNeeded();
  const markers = chart.locator('svg.chart-svg g.saturation-marker[data-component-id]');
  await waitUntil(() => markers.count(), (n) => n > 0, () => 'the chart draws its markers');
  // The bottleneck is Postgres's connection limit, reached below 100% busy.
  const first = report.limits[0];
  assert.match(first.text ?? JSON.stringify(first), /connections/);
  const checks = await markers.evaluateAll((groups) => groups.map((g) => {
    const id = g.dataset.componentId;
    const point = g.querySelector('[data-testid="marker-point"]');
    const line = g.ownerSVGElement.querySelector(`path.series-line[data-component-id="${id}"]`);
    const at = new DOMPoint(Number(point.getAttribute('cx')), Number(point.getAttribute('cy')));
    return { id, title: g.querySelector('title').textContent, onLine: line.isPointInStroke(at), y: at.y };
  }));
  for (const check of checks) {
    assert.ok(check.onLine, `the marker “${check.title}” is not on ${check.id}’s line (y ${check.y})`);
  }
  const postgres = checks.find((c) => c.id === 'postgres');
  assert.ok(postgres && /connections at 3\.5×/.test(postgres.title), JSON.stringify(checks));
  // It is not on the limit rule (the bug): that is where 100% is drawn.
  const limitY = Number(await chart.locator('svg.chart-svg line.rule[data-rule="limit"]').getAttribute('y1'));
  assert.ok(Math.abs(postgres.y - limitY) > 10, `Postgres's marker is on the limit line (${postgres.y} vs ${limitY})`);
});

test('the modules panel keeps the Monolith at the figures of its row in the results table', async ({ page, url }) => {
  const expected = templateReport('modular-monolith', 10);
  const row = expected.components.find((c) => c.id === 'monolith');
  await openTemplate(page, url, 'modular-monolith');
  await setGrowth(page, 10);
  await expectText(page.locator('[data-testid="banner"]'), expected.headline, 'the banner at 10×');
  const tableRow = page.locator(`[data-testid="results"] tr[data-component-id="monolith"]`);
  await expectText(tableRow.locator('td[data-col="cost"]'), row.cost_text, 'the Monolith’s cost in the table');
  await expectText(tableRow.locator('td[data-col="capacity"]'), row.capacity_text, 'the Monolith’s capacity in the table');
  const instances = row.capacity_text.match(/\((\d+) ×/)[1];
  for (const line of expected.extraction_lines) {
    const card = page.locator(`[data-testid="modules"] [data-testid="module-verdict"][data-module-id="${line.module_id}"]`);
    const kept = card.locator('table.module-verdict-table tbody tr');
    await expectText(kept.nth(0).locator('td').nth(0), line.keep.instances, `${line.module}: kept instances`);
    await expectText(kept.nth(1).locator('td').nth(0), line.keep.cost, `${line.module}: kept cost`);
    // One figure from one place: the table's.
    assert.ok(line.keep.instances.startsWith(`${instances} Monolith`), line.keep.instances);
    assert.ok(line.keep.cost.startsWith(row.cost_text), `${line.keep.cost} vs ${row.cost_text}`);
  }
  // The capacity cell multiplies out.
  const [, total, count, each] = row.capacity_text.match(/^(\d+) req\/s \((\d+) × ([\d.]+)\)/);
  assert.equal(Math.round(Number(count) * Number(each)), Number(total), row.capacity_text);
});

test('a blank document shows no negative zero anywhere', async ({ page, url }) => {
  await openApp(page, url);
  await page.getByRole('button', { name: 'Documents…' }).click();
  await page.getByTestId('new-blank').click();
  await expectCount(page.locator(`${CANVAS} g.node`), 0, 'a blank canvas');
  await expectText(page.locator('[data-testid="cost-requests"]'), '0 requests a month', 'the cost panel’s requests');
  const text = await page.locator('body').innerText();
  const negativeZero = text.match(/(^|[^\w.\d])-0(?:[.,]0*)?(?![\d.,]*[1-9])[^\n]{0,30}/m);
  assert.equal(negativeZero, null, `the page says ${JSON.stringify(negativeZero?.[0])}`);
});

test('a huge utilisation reads compactly and stays inside its box', async ({ page, url }) => {
  const growth = 1000;
  const postgres = editedSampleReport({ growth }).components.find((c) => c.id === 'postgres');
  assert.equal(postgres.utilisation_text, '>999%');
  await openApp(page, url);
  await setGrowth(page, growth);
  await expectText(page.locator('[data-testid="banner"]'), sampleReport(growth).headline, `the banner at ${growth}×`);
  for (const row of sampleReport(growth).components) {
    const node = box(page, row.id);
    await expectText(node.locator('.node-utilisation'), row.utilisation_text, `${row.id}: the table’s figure on the box`);
    const [figure, frame, icon] = await Promise.all(
      ['.node-utilisation', '.node-box', '.node-icon'].map((s) => node.locator(s).evaluate((e) => e.getBoundingClientRect().toJSON())),
    );
    assert.ok(figure.left >= frame.left && figure.right <= frame.right, `${row.id}: ${row.utilisation_text} leaves its box`);
    assert.ok(!overlap(figure, icon), `${row.id}: ${row.utilisation_text} runs into the icon`);
  }
  await expectText(page.locator('[data-testid="results"] tr[data-component-id="postgres"] td[data-col="utilisation"]'),
    postgres.utilisation_text, 'the table says the same');
});

test('the growth chart’s axis title does not overlap its tick labels', async ({ page, url }) => {
  await openApp(page, url);
  const chart = page.locator('[data-testid="growth-chart"]');
  await chart.scrollIntoViewIfNeeded();
  const title = chart.locator('[data-testid="growth-chart-y-title"]');
  await expectVisible(title, 'the y-axis title');
  const titleBox = await title.evaluate((e) => e.getBoundingClientRect().toJSON());
  const ticks = await chart.locator('text.tick-label').evaluateAll((labels) => labels.map((l) => ({
    text: l.textContent, box: l.getBoundingClientRect().toJSON(),
  })));
  assert.ok(ticks.some((t) => t.text === '100%'), JSON.stringify(ticks.map((t) => t.text)));
  for (const tick of ticks) {
    assert.ok(!overlap(titleBox, tick.box), `the axis title ${JSON.stringify(titleBox)} overlaps "${tick.text}" ${JSON.stringify(tick.box)}`);
  }
  // And the title is inside the chart, not cut off at its top.
  const svg = await chart.locator('svg.chart-svg').evaluate((e) => e.getBoundingClientRect().toJSON());
  assert.ok(titleBox.top >= svg.top && titleBox.bottom <= svg.bottom, 'the title fits the chart');
});
