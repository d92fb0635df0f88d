// Import… as a person uses it: paste or choose a file, read the preview
// (kinds guessed and why, entry rates, what was not read), change a guess,
// create the document. The document open before stays as it was, and a
// file that cannot be read says where and creates nothing.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { chooseFile, openApp, storedDocuments } from './app.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

const DATA = new URL('../data/import/', import.meta.url);

async function openImport(page) {
  await page.locator('[data-testid="open-documents"]').click();
  await page.locator('[data-testid="documents-dialog"] [data-testid="open-import"]').click();
  const dialog = page.locator('[data-testid="import-dialog"]');
  await expectVisible(dialog, 'the import dialog');
  return dialog;
}

async function documentNamed(page, name) {
  return waitUntil(
    async () => (await storedDocuments(page)).map((d) => d.document).find((d) => d?.name === name),
    (d) => d !== undefined,
    () => `a stored document named ${name}`,
  );
}

const SHOP = `# Shop

How the shop fits together:

\`\`\`mermaid
---
title: Shop from the README
---
flowchart LR
  %% the front door
  user((Customer)) --> lb{nginx}
  lb --> web1[Web] & web2[Web 2]
  web1 & web2 -->|reads 3x| store[(Orders)]
  web1 -.-> q>Jobs queue] --> w([Worker])
  classDef hot fill:#f99
\`\`\`
`;

test('a Mermaid flowchart pasted from a README becomes a new document after its preview', async ({ page, url }) => {
  await openApp(page, url);
  const [{ document: sample }] = await waitUntil(() => storedDocuments(page), (d) => d.length === 1, () => 'the sample');
  const dialog = await openImport(page);
  await dialog.locator('[data-testid="import-text"]').fill(SHOP);
  await dialog.locator('[data-testid="import-read"]').click();
  const preview = dialog.locator('[data-testid="import-preview"]');
  await expectVisible(preview, 'the preview');
  await expectText(
    preview.locator('[data-testid="import-headline"]'),
    /Mermaid flowchart: 7 components, 7 dependencies, 1 entry point; \d+ guesses, 1 thing not read\./,
    'what the diagram becomes',
  );
  const row = (id) => preview.locator(`tr[data-component="${id}"]`);
  assert.equal(await row('store').getAttribute('data-kind'), 'database');
  assert.match(await row('store').locator('.import-why').textContent(), /cylinder/);
  assert.equal(await row('lb').getAttribute('data-kind'), 'load_balancer');
  assert.match(await preview.locator('[data-testid="import-not-read"]').textContent(), /classDef hot/);

  // The customer is a person, not a service: a CDN in front instead, and
  // web2 left out; the customer's rate set to 40 per second.
  await row('user').getByLabel('Kind of Customer').selectOption('cdn');
  await expectText(preview.locator('[data-testid="import-headline"]'), /7 components/, 'the preview keeps every row');
  await row('web2').getByLabel('Include Web 2').uncheck();
  await expectText(preview.locator('[data-testid="import-headline"]'), /6 components, 7 dependencies/, 'one left out');
  // The arrow into the queue was drawn dotted; the worker's was not: say
  // the worker takes two jobs' worth of calls per job instead of one.
  await preview.getByText(/^Dependencies/).click();
  const toWorker = preview.locator('li.import-arrow').filter({ hasText: 'q → w' });
  await toWorker.getByLabel('Calls per request, q → w').fill('2');
  await toWorker.getByLabel('Calls per request, q → w').press('Tab');
  await toWorker.getByLabel('Kind of call, q → w').selectOption('write');
  const rate = preview.locator('[data-testid="import-entry-rate"]');
  await rate.fill('40');
  await rate.press('Tab');
  await dialog.locator('[data-testid="import-accept"]').click();

  await expectText(page.locator('[data-testid="document-name"]'), 'Shop from the README', 'the new document opens');
  await expectCount(page.locator('svg[data-testid="canvas"] g[data-component-id]'), 6, 'its boxes drawn');
  const created = await documentNamed(page, 'Shop from the README');
  assert.deepEqual(created.components.map((c) => [c.id, c.kind]), [
    ['user', 'cdn'], ['lb', 'load_balancer'], ['web1', 'service'], ['store', 'database'], ['q', 'queue'], ['w', 'worker_pool'],
  ]);
  assert.deepEqual(created.scenario.entries.map((e) => [e.component, e.rate]), [['user', 40]]);
  const arrow = (from, to) => created.dependencies.find((d) => d.from === from && d.to === to);
  assert.equal(arrow('web1', 'store').calls, 3);
  assert.equal(arrow('web1', 'store').kind, 'read');
  assert.equal(arrow('web1', 'q').mode, 'async');
  assert.equal(arrow('q', 'w').mode, 'async', 'what leaves a queue is asynchronous');
  assert.equal(arrow('q', 'w').calls, 2, 'the calls set in the preview');
  assert.equal(arrow('q', 'w').kind, 'write', 'and the kind');
  assert.equal(created.dependencies.some((d) => d.to === 'web2' || d.from === 'web2'), false);
  const still = (await storedDocuments(page)).map((d) => d.document).find((d) => d?.name === sample.name);
  assert.deepEqual(still.components, sample.components, 'the document open before is unchanged');
});

test('a file that is not a system says where and creates nothing', async ({ page, url }) => {
  await openApp(page, url);
  const before = (await storedDocuments(page)).length;
  const dialog = await openImport(page);
  await chooseFile(dialog.locator('[data-testid="import-file"]'), 'notes.md', '# Notes\n\n```mermaid\nsequenceDiagram\n  A->>B: hi\n```\n');
  const message = dialog.locator('[data-testid="import-message"]');
  await expectText(message, /notes\.md: line 4: a Mermaid "sequenceDiagram" diagram/, 'the line and why');
  assert.equal(await message.getAttribute('role'), 'alert');
  await expectCount(dialog.locator('[data-testid="import-preview"]'), 0, 'no preview');
  assert.equal((await storedDocuments(page)).length, before, 'nothing created');
});

test('docker-compose, Structurizr, Jaeger and Zipkin files each come in through the same preview', async ({ page, url }) => {
  await openApp(page, url);
  const cases = [
    { file: 'compose-shop.yaml', headline: /^compose-shop\.yaml — docker-compose file: \d+ components/ },
    { file: 'structurizr-bigbank.json', headline: /^structurizr-bigbank\.json — Structurizr workspace \(JSON\): \d+ components/ },
    { file: 'jaeger-dependencies.json', headline: /^jaeger-dependencies\.json — Jaeger dependencies \(JSON\): \d+ components/, window: '3600', format: 'jaeger' },
    { file: 'zipkin-dependencies.json', headline: /^zipkin-dependencies\.json — Zipkin dependencies \(JSON\): \d+ components/, window: '3600', format: 'zipkin' },
  ];
  for (const { file, headline, window, format } of cases) {
    const text = await readFile(new URL(file, DATA), 'utf8');
    const dialog = await openImport(page);
    if (window) {
      await dialog.locator('[data-testid="import-format"]').selectOption(format);
      await dialog.locator('[data-testid="import-window"]').fill(window);
      await dialog.locator('[data-testid="import-window"]').press('Tab');
    }
    await chooseFile(dialog.locator('[data-testid="import-file"]'), file, text);
    const preview = dialog.locator('[data-testid="import-preview"]');
    await expectText(preview.locator('[data-testid="import-headline"]'), headline, `${file}: the preview`);
    const rows = await preview.locator('tr[data-component]').count();
    assert.ok(rows >= 3, `${file}: ${rows} components listed`);
    await dialog.locator('[data-testid="import-accept"]').click();
    await expectCount(page.locator('svg[data-testid="canvas"] g[data-component-id]'), rows, `${file}: its boxes drawn`);
  }
});

test('the results table and the cost breakdown download as CSV, the model as a Structurizr workspace', async ({ page, url }) => {
  await openApp(page, url);
  const download = async (name) => {
    await page.getByRole('button', { name: 'Export ▾' }).click();
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
  };
  const results = await download('Results table (.csv)');
  assert.equal(results.name, 'mvp-that-creaks-at-1x.results.csv');
  const rows = results.text.trimEnd().split('\r\n').map((line) => line.split(','));
  assert.equal(rows[0][0], 'id');
  assert.equal(rows[0][8], 'utilisation (0-1)');
  assert.equal(rows.length, 7, 'a header and the six components');
  const postgres = rows.find((r) => r[0] === 'postgres');
  assert.ok(Number(postgres[8]) > 0 && Number(postgres[8]) < 1, `a utilisation as a number: ${postgres[8]}`);
  const cost = await download('Cost breakdown (.csv)');
  const costRows = cost.text.trimEnd().split('\r\n').map((line) => line.split(','));
  const total = costRows.at(-1);
  assert.equal(total[0], 'total');
  const sum = costRows.slice(1, -1).reduce((s, r) => s + Number(r[4]), 0);
  assert.ok(Math.abs(sum - Number(total[4])) < 1e-6, `the rows sum to the total: ${sum} vs ${total[4]}`);
  const dsl = await download('Structurizr workspace (.dsl)');
  assert.equal(dsl.name, 'mvp-that-creaks-at-1x.dsl');
  assert.match(dsl.text, /^workspace "MVP that creaks"/);
  assert.match(dsl.text, /"headroom\.kind" "database"/);
});
