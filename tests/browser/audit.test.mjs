// The cost audit on the page: the scaled web app's findings and total are
// the engine's (`headroom audit`), applying one removes it and lowers the
// total by its saving, and undo brings it back; the inputs of the cache
// finding (a price per call, a repeat share) are typed in the inspector.

import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { commitField, expectStored, openTemplate } from './app.mjs';
import { cli } from './engine.mjs';
import { expectCount, expectText, test } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';
const capitalised = (text) => text.charAt(0).toUpperCase() + text.slice(1);

test('the scaled web app’s audit is the engine’s; a finding applied goes, and undo brings it back', async ({ page, url }) => {
  await openTemplate(page, url, 'scaled-web-app');
  const engine = JSON.parse(cli(['audit', '--template', 'scaled-web-app']));
  const panel = page.locator('[data-testid="audit"]');
  await panel.scrollIntoViewIfNeeded();
  await expectText(panel.locator('[data-testid="audit-total"]'), `${capitalised(engine.total)}.`, 'the total');
  const findings = panel.locator('[data-testid="audit-finding"]');
  await expectCount(findings, engine.findings.length, 'one card per finding');
  for (const [k, finding] of engine.findings.entries()) {
    await expectText(findings.nth(k).locator('[data-testid="audit-reason"]'), finding.reason, `finding ${k + 1}'s reason`);
    await expectText(findings.nth(k).locator('[data-testid="audit-saving"]'), `Saves ${finding.saving}`, `finding ${k + 1}'s saving`);
  }
  // Applying the load balancer's: the rest is what the engine finds after
  // the same edit (one instance fewer).
  await page.getByRole('button', { name: `Apply: ${engine.findings[0].title} — ${engine.findings[0].component}` }).click();
  const after = JSON.parse(cli(['audit', '--template', 'scaled-web-app', '--set', 'lb.instances=1']));
  await expectCount(findings, after.findings.length, 'the applied finding is gone');
  await expectText(panel.locator('[data-testid="audit-total"]'), `${capitalised(after.total)}.`, 'the total after the fix');
  // Undo puts the instance back and the finding with it.
  await page.locator(CANVAS).focus();
  await page.keyboard.press('Control+z');
  await expectText(panel.locator('[data-testid="audit-total"]'), `${capitalised(engine.total)}.`, 'the total after undo');
  await expectCount(findings, engine.findings.length, 'the finding back after undo');
});

test('a price per call and a repeat share typed in the inspector make a cache finding the engine agrees with', async ({ page, url }) => {
  await openTemplate(page, url, 'event-pipeline');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  // The Email API bills $5 per million calls; the notifier's calls to it
  // are reads, 40% of them repeats.
  await page.locator(`${CANVAS} g[data-component-id="email"]`).click();
  await commitField(page.getByLabel('Price per million calls', { exact: true }), '5');
  await page.locator(`${CANVAS} g[data-dependency-id="notifier-email-call"]`).click();
  await expectText(page.locator('#inspector-heading'), 'Dependency', 'the arrow is selected');
  await page.locator('#inspector-call-kind').selectOption('read');
  await commitField(page.getByLabel('Repeated reads', { exact: true }), '40');
  const stored = await expectStored(page, (d) => d.dependencies.some((x) => x.id === 'notifier-email-call' && x.repeat_share === 0.4)
    && d.components.some((c) => c.id === 'email' && c.price_per_million_calls === 5), 'the price and the repeat share');
  const file = join(await mkdtemp(join(tmpdir(), 'headroom-audit-')), 'event-pipeline.json');
  await writeFile(file, JSON.stringify(stored.document));
  const engine = JSON.parse(cli(['audit', file]));
  const cacheable = engine.findings.find((f) => f.reason.startsWith('Email API'));
  assert.ok(cacheable, `the engine finds the repeated reads: ${JSON.stringify(engine.findings)}`);
  const panel = page.locator('[data-testid="audit"]');
  await panel.scrollIntoViewIfNeeded();
  const card = panel.locator('[data-testid="audit-finding"]').filter({ hasText: cacheable.reason });
  await expectCount(card, 1, 'the page shows the engine’s cache finding');
  await expectText(card.locator('[data-testid="audit-saving"]'), `Saves ${cacheable.saving}`, 'its saving');
  await expectText(panel.locator('[data-testid="audit-total"]'), `${capitalised(engine.total)}.`, 'the total');
  // Applied: a cache for the Email API takes the notifier's reads.
  await page.getByRole('button', { name: `Apply: ${cacheable.title} — ${cacheable.component}` }).click();
  await expectStored(page, (d) => d.components.some((c) => c.id === 'email-cache' && c.hit_ratio === 0.4)
    && d.dependencies.some((x) => x.id === 'notifier-email-call' && x.to === 'email-cache'), 'the cache in front of the API');
  await expectCount(card, 0, 'the finding goes once its cache is there');
});
