// The cost audit on the page: the scaled web app's findings and total are
// the engine's (`headroom audit`), applying one removes it and lowers the
// total by its saving, and undo brings it back.

import { openTemplate } from './app.mjs';
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
