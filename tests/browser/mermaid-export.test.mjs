// The Mermaid flowchart Headroom exports, checked by Mermaid itself: the
// download of a document whose names hold quotes, brackets, `<`, `|`, `#`,
// emoji and Headroom's longest name (120 characters) is parsed by the
// `mermaid` package (npm, the same code GitHub renders with) in the
// browser, and imported back through Import… with every name intact.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { chooseFile, openApp, storedDocuments } from './app.mjs';
import { expectText, expectVisible, test, waitUntil } from './harness.mjs';

const MERMAID = new URL('../../node_modules/mermaid/dist/mermaid.min.js', import.meta.url);

const NAMES = [
  'Edge "front" door [v2] (EU) {main}',
  'Web <app> | A&B #1 🚀',
  'Cache `redis` --> x; end',
  'end',
  'x'.repeat(119) + '🙂',
];

test('the Mermaid export of awkward names is accepted by Mermaid\'s own parser and reads back', async ({ page, url }) => {
  await openApp(page, url);
  const [{ document: sample }] = await waitUntil(() => storedDocuments(page), (d) => d.length === 1, () => 'the sample');
  const awkward = structuredClone(sample);
  awkward.name = 'Awkward names';
  NAMES.forEach((name, k) => { awkward.components[k].name = name; });
  await page.locator('[data-testid="open-documents"]').click();
  await chooseFile(page.locator('[data-testid="import-json-file"]'), 'awkward.json', JSON.stringify(awkward), 'application/json');
  await expectText(page.locator('[data-testid="document-name"]'), 'Awkward names', 'the document opens');
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Mermaid flowchart (.md)' }).click(),
  ]);
  const markdown = await readFile(await download.path(), 'utf8');
  const source = markdown.replace(/^```mermaid\n/, '').replace(/```\s*$/, '');

  // Mermaid's parser, in a page of its own (the app's policy allows no
  // foreign script, rightly).
  const checker = await page.context().newPage();
  await checker.setContent('<!doctype html><html><body></body></html>');
  await checker.addScriptTag({ content: await readFile(MERMAID, 'utf8') });
  const parsed = await checker.evaluate(async (text) => {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
    try {
      const result = await window.mermaid.parse(text);
      const { svg } = await window.mermaid.render('exported', text);
      return { ok: true, type: result.diagramType, svg };
    } catch (error) {
      return { ok: false, message: String(error?.message ?? error) };
    }
  }, source);
  assert.ok(parsed.ok, `Mermaid refused the export: ${parsed.message}\n${source}`);
  assert.match(parsed.type, /flowchart/);
  for (const name of NAMES.slice(0, 2)) {
    const shown = await checker.evaluate((svg) => {
      const holder = document.createElement('div');
      holder.innerHTML = svg;
      return holder.textContent;
    }, parsed.svg);
    assert.ok(shown.includes(name.split(' ')[0]), `the picture shows ${name}`);
  }
  await checker.close();

  // And Headroom reads its own export back: every name and kind intact.
  await page.locator('[data-testid="open-documents"]').click();
  await page.locator('[data-testid="documents-dialog"] [data-testid="open-import"]').click();
  const dialog = page.locator('[data-testid="import-dialog"]');
  await dialog.locator('[data-testid="import-text"]').fill(markdown);
  await dialog.locator('[data-testid="import-read"]').click();
  await expectVisible(dialog.locator('[data-testid="import-preview"]'), 'the preview');
  for (const [k, component] of awkward.components.entries()) {
    const row = dialog.locator(`tr[data-component="${component.id}"]`);
    assert.equal((await row.locator('th').textContent()).slice(0, -component.id.length), component.name, `name ${k} reads back`);
    assert.equal(await row.getAttribute('data-kind'), component.kind, `kind of ${component.id} reads back`);
  }
});
