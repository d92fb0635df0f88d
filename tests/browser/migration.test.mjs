// Strangler-fig migrations on the page: a plan for the modular monolith's
// search module in three steps shows, card by card, the figures the native
// engine gives for the same plan (`headroom migration`), a step is taken on
// the model and undone, and the decision recorded from the plan exports with
// its "Migration" table.

import assert from 'node:assert/strict';

import { commitField, decisionsPanel, downloadOf, openTemplate } from './app.mjs';
import { cli } from './engine.mjs';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

function engineTable(args) {
  return JSON.parse(cli(['migration', '--template', 'modular-monolith', '--old', 'search', ...args]));
}

/** A card's figures as the engine words them: load, utilisation, p99. */
const figures = (row, from) => [row[from], row[from + 1], `p99 ${row[from + 2]}`].join('');

test('a three-step migration of the search module shows the engine’s steps, is taken on the model, undone, and recorded', async ({ page, url }) => {
  await openTemplate(page, url, 'modular-monolith');
  const panel = page.locator('[data-testid="migration"]');
  await panel.scrollIntoViewIfNeeded();
  await page.locator('[data-testid="migration-old"]').selectOption('search');
  await page.locator('[data-testid="plan-migration"]').click();
  const steps = panel.locator('[data-testid="migration-step"]');
  await expectCount(steps, 4, 'the default split: 1%, 10%, 50%, 100%');
  await commitField(panel.locator('[data-testid="migration-shares"]'), '10, 50, 100');
  await expectCount(steps, 3, 'three steps once the split is typed');

  const table = engineTable(['--steps', '10,50,100']);
  await expectText(panel.locator('[data-testid="migration-summary"]'), table.summary, 'the plan’s summary');
  for (const [k, row] of table.rows.entries()) {
    const card = steps.nth(k);
    await expectText(card.locator('.migration-step-share'), row[0], `step ${k + 1}`);
    await expectText(card.locator('[data-testid="migration-old-figures"]'), figures(row, 1), `the old side at ${row[0]}`);
    await expectText(card.locator('[data-testid="migration-new-figures"]'), figures(row, 4), `the new side at ${row[0]}`);
    const verdict = row[8] === 'yes' ? 'Safe' : `Unsafe: ${row[8].replace(/^no: /, '')}`;
    await expectText(card.locator('[data-testid="migration-verdict"]'), `✔ ${verdict}`.replace('✔ Unsafe', '✖ Unsafe'), `the verdict at ${row[0]}`);
  }

  // A card opens, by keyboard, to how its figures are worked out.
  const working = steps.nth(1).locator('[data-testid="migration-working"]');
  await working.locator('summary').focus();
  await page.keyboard.press('Enter');
  const utilisation = working.locator('tr[data-figure="Utilisation of Monolith, which runs Search module"]');
  await expectText(utilisation.locator('[data-part="result"]'), table.rows[1][2].replace(' of Monolith', ''), 'the old side’s ρ = λ / (c·μ)');
  await expectText(working.locator('tr[data-figure="Traffic on Search service"] [data-part="result"]'), table.rows[1][4], 'the split');

  // Taking the 50% step puts half the search traffic on the new service.
  await page.getByRole('button', { name: 'Take the 50% step on the model' }).click();
  await waitUntil(() => steps.nth(1).getAttribute('data-done'), (d) => d === 'true', () => 'the 50% step marked as on the model');
  const serviceRow = page.locator('[data-testid="results"] [data-component-id="search-new"]');
  await waitUntil(() => serviceRow.first().textContent(), (t) => t?.includes(table.rows[1][4]),
    () => `the search service carries ${table.rows[1][4]} in the results table`);
  // The same plan judged from the step taken gives the same figures.
  await expectText(steps.nth(2).locator('[data-testid="migration-new-figures"]'), figures(table.rows[2], 4), 'the 100% step after taking 50%');

  // One undo takes the step back off.
  await page.locator(CANVAS).focus();
  await page.keyboard.press('Control+z');
  await waitUntil(() => steps.nth(1).getAttribute('data-done'), (d) => d === 'false', () => 'the step undone');
  await waitUntil(() => serviceRow.first().textContent(), (t) => t?.includes('0 req/s'), () => 'no traffic on the service after undo');

  // Recorded as a decision, the record exports with the Migration table.
  await panel.locator('[data-testid="record-migration"]').click();
  await waitUntil(() => panel.locator('[data-testid="migration-recorded"]').textContent(), (t) => /ADR-\d{4} was drafted/.test(t ?? ''),
    () => 'the page says the record was drafted');
  const decisions = decisionsPanel(page);
  const item = decisions.items.filter({ hasText: 'Move Search module to Search service step by step' });
  await expectCount(item, 1, 'the record in the decisions list');
  await item.locator('button').first().click();
  const exported = await downloadOf(page, () => decisions.editor.locator('[data-testid="export-record"]').click());
  const text = exported.bytes.toString('utf8');
  assert.ok(text.includes('\n## Migration\n'), text);
  assert.ok(text.includes(`| ${table.headings.join(' | ')} |`), `the table's headings:\n${text}`);
  for (const row of table.rows) {
    assert.ok(text.includes(`| ${row[0]} | ${row[1]} |`), `the ${row[0]} row:\n${text}`);
  }
  assert.ok(text.includes('Chosen option: "Strangler fig: 10% → 50% → 100%"'), text);
});

test('a plan whose old side is shrunk fails the way back, and says so', async ({ page, url }) => {
  await openTemplate(page, url, 'modular-monolith');
  const panel = page.locator('[data-testid="migration"]');
  await page.locator('[data-testid="migration-old"]').selectOption('search');
  await page.locator('[data-testid="plan-migration"]').click();
  const steps = panel.locator('[data-testid="migration-step"]');
  await expectCount(steps, 4, 'four steps');
  // The monolith down to one instance from the 50% step on.
  await commitField(panel.getByLabel('Monolith instances from here').nth(2), '1');
  const table = engineTable([]);
  assert.ok(table.rows.every((r) => r[8] === 'yes'), 'the engine: every step safe as declared');
  await waitUntil(() => steps.nth(2).getAttribute('data-safe'), (s) => s === 'false', () => 'the 50% step unsafe');
  await waitUntil(() => steps.nth(2).locator('[data-testid="migration-verdict"]').textContent(), (t) => t?.includes('no way back: Monolith would be at'),
    () => 'the verdict names the way back');
  await waitUntil(() => steps.nth(1).getAttribute('data-safe'), (s) => s === 'true', () => 'the 10% step still safe');
});
