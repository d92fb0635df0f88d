// Guardrails drafted on the page hold for the decision they record, and a
// decision the model drifts away from is named in the page-level banner,
// with a button that opens it, until the drift is undone.

import assert from 'node:assert/strict';

import { commitField, decisionsPanel, expectStored, openApp } from './app.mjs';
import { cli, editedSampleReport } from './engine.mjs';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

test('a plan step drafted as a decision holds its guardrail; breaking it names the decision in the banner until undone',
  async ({ page, url }) => {
    await openApp(page, url);
    const plan = page.locator('[data-testid="plan"]');
    await plan.locator('[data-testid="find-plan"]').click();
    const result = plan.locator('[data-testid="plan-result"]');
    await result.waitFor({ timeout: 30_000 });
    const expected = JSON.parse(cli(['plan', '--sample', '--target', '100']));
    const action = expected.steps[0].split(': headroom')[0];

    // Record step 1 as a user would: the record opens in the decisions panel.
    await result.locator('[data-testid="record-step"]').first().click();
    const panel = decisionsPanel(page);
    await expectCount(panel.items, 1, 'records after recording step 1');
    await expectText(panel.item(1).locator('[data-testid="decision-item-title"]'), action, 'the step’s record');
    const checks = panel.editor.locator('[data-testid="guardrail-check"]');
    await waitUntil(() => checks.count(), (n) => n > 0, () => 'the drafted record has a guardrail');
    for (const text of await checks.allTextContents()) {
      // The old draft proposed "≤ 70% at 100×" for a step that reaches far less: "now 2400.0% — broken".
      assert.ok(!text.includes('broken') && text.trim().endsWith('— holds'), `a drafted guardrail: ${text}`);
    }
    // The draft says what it aims at and by how much each guardrail holds.
    assert.match(await panel.field(1, 'drivers').inputValue(), /^Target: [\d.]+× with Postgres at or under 70%/m);
    assert.match(await panel.field(1, 'confirmation').inputValue(), /a margin of [\d.]+ points\.$/);

    // Applied and accepted: nothing has drifted.
    await result.locator('[data-testid="apply-step"]').first().click();
    await expectCount(page.locator(`${CANVAS} g[data-component-id="pooler-postgres"]`), 1, 'the step’s pooler on the canvas');
    await panel.editor.locator('[data-testid="decision-status"]').selectOption('accepted');
    await expectText(panel.item(1).locator('.decision-status'), 'accepted', 'accepted');
    const stored = await expectStored(page, (doc) => doc.decisions?.[0]?.status === 'accepted', 'the accepted record');
    const [guardrail] = stored.document.decisions[0].guardrails;
    assert.equal(guardrail.component, 'postgres');
    const notices = page.locator('[data-testid="drift-banner"] [data-testid="drift-notice"]');
    assert.equal(await panel.item(1).locator('[data-testid="drift-flag"]').count(), 0, 'no drift flag once accepted');
    assert.equal(await notices.count(), 0, 'no drift notice once accepted');
    const marker = page.locator(`${CANVAS} g[data-component-id="postgres"] [data-testid="decision-marker"]`);
    assert.equal(await marker.getAttribute('data-drifted'), 'false', 'the marker is not in the drift style');

    // Halve Postgres' capacity in the inspector: the guardrail breaks.
    await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
    await page.locator(`${CANVAS} g[data-component-id="postgres"]`).click();
    const throughput = page.locator('#inspector-throughput-per-instance');
    const halved = Number(await throughput.inputValue()) / 2;
    await commitField(throughput, String(halved));
    await expectCount(notices, 1, 'the drifted decision in the banner');
    const utilisation = editedSampleReport({ growth: guardrail.at_growth, set: [`postgres.throughput_per_instance=${halved}`] })
      .report.components.find((c) => c.id === 'postgres').utilisation * 100;
    const text = (await notices.first().locator('.banner-drift-text').textContent()).trim();
    const said = text.match(/^⚠ Decision 0001 “(.+)” has drifted: Postgres utilisation at ([\d.]+)× is now ([\d.]+)% \(guardrail: at most 70%\)$/);
    assert.ok(said, `the notice reads as one sentence: ${text}`);
    assert.equal(said[1], action, 'the notice names the decision');
    assert.equal(Number(said[2]), guardrail.at_growth, 'at the guardrail’s growth');
    // The pooler was applied in the page (the oracle has no pooler, which does not change Postgres' CPU).
    assert.ok(Number(said[3]) > 70 && Math.abs(Number(said[3]) - utilisation) <= utilisation * 0.05,
      `now ${said[3]}% where the engine says ${utilisation}%`);
    assert.equal(await notices.first().getAttribute('data-number'), '1');

    // Its button opens the decision.
    const open = notices.first().getByRole('button', { name: 'Open decision 0001' });
    await panel.panel.locator('[data-testid="status-filter"]').selectOption('rejected');
    await expectCount(panel.items, 0, 'a filter hides the record');
    await open.click();
    await expectCount(panel.items, 1, 'opening it clears the filter');
    await expectText(panel.editor.locator('[data-testid="decision-editor-title"]'), action, 'open in the editor');
    await waitUntil(() => page.evaluate(() => document.activeElement?.id), (id) => id === 'adr-1-title',
      () => 'the record’s title has focus');

    // Undo the capacity edit: the drift and its notice go.
    await page.locator(CANVAS).click({ position: { x: 8, y: 8 } });
    await page.keyboard.press('Control+z');
    await expectCount(notices, 0, 'no drift notice after undo');
    await waitUntil(() => marker.getAttribute('data-drifted'), (v) => v === 'false', () => 'the marker back to normal');
  });

test('a decision drafted where no guardrail could hold says so instead of arriving broken', async ({ page, url }) => {
  await openApp(page, url);
  const field = page.locator('input#growth-input');
  await field.fill('10');
  await field.press('Enter');
  await page.locator('[data-testid="record-decision"]').click();
  const panel = decisionsPanel(page);
  await expectCount(panel.items, 1, 'the drafted record');
  // The old draft carried "Postgres utilisation ≤ 70% at 10×: now 240.0% — broken".
  await expectCount(panel.editor.locator('[data-testid="guardrail-check"]'), 0, 'no guardrail broken from the start');
  assert.match(await panel.field(1, 'confirmation').inputValue(), /^No guardrail could hold yet: Postgres is at /);
  await panel.editor.locator('[data-testid="decision-status"]').selectOption('accepted');
  await expectText(panel.item(1).locator('.decision-status'), 'accepted', 'accepted');
  assert.equal(await panel.item(1).locator('[data-testid="drift-flag"]').count(), 0, 'accepting it shows no drift');
  assert.equal(await page.locator('[data-testid="drift-notice"]').count(), 0, 'and the banner names none');
});
