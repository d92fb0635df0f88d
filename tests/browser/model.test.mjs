// A model that cannot silently mislead: what a person draws is what they
// mean. A load balancer splits its traffic (its arrows are shares that add
// up to 100%), a service calls (its arrows are calls per request), and the
// arrow says which; what most likely was not meant (a balancer sending out
// more than it receives, reads going around the cache in front of a
// database) is said on the box and in the limits, with a one-click fix.
// Expected figures come from the native CLI on the document the page
// stored, never from copies here.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { centreOf, chooseFile, expectStored, openApp, storedDocuments } from './app.mjs';
import { cli } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

const node = (page, id) => page.locator(`${CANVAS} g[data-component-id="${id}"]`);
const edgeLabel = (page, id) => page.locator(`${CANVAS} g[data-dependency-id="${id}"] text.edge-label`);
const loadCell = (page, id) => page.locator(`table[data-testid="results"] tr[data-component-id="${id}"] td[data-col="load"]`);

/** The engine's report on a document, through the CLI. */
function reportOf(document) {
  const file = join(mkdtempSync(join(tmpdir(), 'headroom-model-')), 'doc.json');
  writeFileSync(file, JSON.stringify(document));
  return JSON.parse(cli(['report', file]));
}

async function newestStored(page, accept, what) {
  return (await expectStored(page, accept, what)).document;
}

/** Drags from `from`'s connection handle onto `to`'s box. */
async function connect(page, from, to) {
  const handle = await page.locator(`${CANVAS} circle[data-handle-for="${from}"]`).boundingBox();
  const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
  const end = await centreOf(page, to);
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  for (let i = 1; i <= 12; i += 1) {
    await page.mouse.move(start.x + ((end.x - start.x) * i) / 12, start.y + ((end.y - start.y) * i) / 12);
  }
  await page.mouse.up();
}

async function openSampleOnCanvas(page, url) {
  await openApp(page, url);
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
}

test('a load balancer splits its traffic: a second service takes half, the arrows say 50%, nothing is doubled', async ({ page, url }) => {
  await openSampleOnCanvas(page, url);
  await expectText(edgeLabel(page, 'lb-web'), '100% · 120/s', 'the balancer sends all of its 120 req/s to the web app');
  await expectText(edgeLabel(page, 'web-redis'), '×2 · 240/s read', 'a service calls: two reads per request');
  await page.getByRole('button', { name: 'Add Service', exact: true }).click();
  await expectCount(node(page, 'service'), 1, 'the new service');
  await connect(page, 'lb', 'service');
  await expectText(edgeLabel(page, 'lb-service'), '50% · 60/s', 'the new arrow takes half');
  await expectText(edgeLabel(page, 'lb-web'), '50% · 60/s', 'and the web app keeps the other half');
  // The inspector reads the arrow as a share.
  await expectText(page.locator('#inspector-heading'), 'Dependency', 'the new arrow is selected');
  assert.equal(await page.locator('#inspector-routing').inputValue(), 'share');
  assert.equal(await page.locator('#inspector-calls').inputValue(), '50');
  const doc = await newestStored(page, (d) => d.dependencies.some((e) => e.id === 'lb-service'), 'the split is saved');
  const report = reportOf(doc);
  const arrival = (id) => report.report.components.find((c) => c.id === id).arrival_rate;
  assert.equal(arrival('web') + arrival('service'), arrival('lb'), 'what leaves the balancer is what reaches it');
  for (const id of ['web', 'service']) {
    await expectText(loadCell(page, id), report.components.find((c) => c.id === id).load_text, `${id}'s load as the engine has it`);
  }
  // A new share keeps the whole: 70% here leaves 30% there.
  const field = page.locator('#inspector-calls');
  await field.fill('70');
  await field.press('Enter');
  await expectText(edgeLabel(page, 'lb-service'), '70% · 84/s', 'the service takes 70%');
  await expectText(edgeLabel(page, 'lb-web'), '30% · 36/s', 'the web app the remaining 30%');
  await expectCount(page.locator('[data-testid="suspicion-marker"]'), 0, 'a whole split is not suspicious');
});

test('a balancer sending out more than it receives is said on the box and in the limits, and one click splits it', async ({ page, url }) => {
  await openApp(page, url);
  // A version 1 document as a person drew it before shares existed: the
  // balancer calls two web tiers once per request each.
  const [{ document: sample }] = await waitUntil(() => storedDocuments(page), (d) => d.length === 1, () => 'sample');
  const old = structuredClone(sample);
  old.schema_version = 1;
  old.name = 'Two web tiers';
  for (const dependency of old.dependencies) delete dependency.routing;
  old.components.push({ ...structuredClone(old.components.find((c) => c.id === 'web')), id: 'web-b', name: 'Web B', position: null });
  old.dependencies.push({ ...structuredClone(old.dependencies.find((d) => d.id === 'lb-web')), id: 'lb-web-b', to: 'web-b' });
  await page.locator('[data-testid="open-documents"]').click();
  const dialog = page.locator('[data-testid="documents-dialog"]');
  await chooseFile(dialog.locator('[data-testid="import-json-file"]'), 'old.json', JSON.stringify(old), 'application/json');
  await expectText(page.locator('[data-testid="document-name"]'), 'Two web tiers', 'the old document opens');
  await page.keyboard.press('Escape');
  // Its numbers are as they were: each tier gets all 120 req/s.
  const migrated = await newestStored(page, (d) => d.name === 'Two web tiers', 'the old document, stored');
  assert.equal(migrated.schema_version, 2);
  const before = reportOf(migrated);
  assert.equal(before.report.components.find((c) => c.id === 'web-b').arrival_rate, 120, 'migrated without a change');
  await expectText(loadCell(page, 'web-b'), before.components.find((c) => c.id === 'web-b').load_text, 'Web B as drawn');

  const [line] = before.suspicions;
  assert.equal(line.kind, 'shares_not_whole');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  const marker = node(page, 'lb').locator('[data-testid="suspicion-marker"]');
  await expectVisible(marker, 'the mark on the balancer');
  assert.equal((await marker.locator('title').textContent()).trim(), line.text, 'the mark says why');
  const listed = page.locator('[data-testid="suspicions"] li[data-component-id="lb"]');
  await expectText(listed.locator('.suspicion-text'), line.text, 'the limits panel says it too');
  await listed.locator('[data-testid="suspicion-fix"]').click();
  await expectCount(page.locator('[data-testid="suspicions"]'), 0, 'nothing left to check after the fix');
  await expectCount(marker, 0, 'the mark goes');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await expectText(edgeLabel(page, 'lb-web-b'), '50% · 60/s', 'half each after the fix');
  const fixed = reportOf(await newestStored(page, (d) => d.name === 'Two web tiers'
    && d.dependencies.find((e) => e.id === 'lb-web-b')?.calls === 0.5, 'the fix is saved'));
  await expectText(loadCell(page, 'web-b'), fixed.components.find((c) => c.id === 'web-b').load_text, 'Web B after the fix');
  // One undo step takes it back.
  await page.locator(CANVAS).click({ position: { x: 8, y: 8 } });
  await page.keyboard.press('Control+z');
  await expectText(edgeLabel(page, 'lb-web-b'), '100% · 120/s', 'undo restores the drawing as it was');
});

test('reads that go around the cache in front of the database are said, and sent through it in one click', async ({ page, url }) => {
  await openSampleOnCanvas(page, url);
  await connect(page, 'web', 'postgres');
  const doc = await newestStored(page, (d) => d.dependencies.length === 8, 'the new arrow is saved');
  const added = doc.dependencies.find((d) => d.from === 'web' && d.to === 'postgres' && d.kind === 'read');
  assert.ok(added, 'a database is read by default');
  const [line] = reportOf(doc).suspicions;
  assert.equal(line.kind, 'reads_bypass_cache');
  assert.match(line.text, /^Web app reads Postgres directly \(×1 per request\) although it reads through Redis cache/);
  await expectVisible(node(page, 'web').locator('[data-testid="suspicion-marker"]'), 'the mark on the web app');
  const listed = page.locator('[data-testid="suspicions"] li[data-kind="reads_bypass_cache"]');
  await expectText(listed.locator('.suspicion-text'), line.text, 'the limits panel says it');
  await expectText(listed.locator('[data-testid="suspicion-fix"]'), 'Send them through Redis cache', 'the fix says what it does');
  await listed.locator('[data-testid="suspicion-fix"]').click();
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id="${added.id}"]`), 0, 'the direct read is gone');
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
  await expectText(edgeLabel(page, 'web-redis'), '×3 · 360/s read', 'the web app now reads Redis three times a request');
});

test('the inspector is docked beside the canvas: no box is under it, the edited box stays in view, Esc in a field closes it', async ({ page, url }) => {
  await openSampleOnCanvas(page, url);
  // Postgres sits at the drawing's right end, where a floating panel would cover it.
  await node(page, 'postgres').click();
  const inspector = page.locator('.inspector');
  await expectVisible(inspector, 'the inspector');
  await expectText(page.locator('#inspector-heading'), 'Postgres', 'Postgres is being edited');
  const within = (inner, outer) => inner.x >= outer.x - 1 && inner.x + inner.width <= outer.x + outer.width + 1;
  await waitUntil(async () => {
    const canvas = await page.locator(CANVAS).boundingBox();
    const panel = await inspector.boundingBox();
    const box = await node(page, 'postgres').locator('rect.node-box').boundingBox();
    return { canvas, panel, box };
  }, ({ canvas, panel, box }) => canvas.x + canvas.width <= panel.x + 1 && within(box, canvas),
  (seen) => `the canvas ends where the inspector begins and Postgres is inside it: ${JSON.stringify(seen)}`);
  // Every box still takes a click: none is under the panel.
  for (const id of ['lb', 'web', 'redis', 'queue', 'worker', 'postgres']) {
    const box = await node(page, id).locator('rect.node-box').boundingBox();
    if (!box) continue;
    const topmost = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.inspector') !== null,
      { x: box.x + box.width / 2, y: box.y + box.height / 2 });
    assert.equal(topmost, false, `${id} is not under the inspector`);
  }
  // Esc in a field: what was typed is dropped and the inspector closes.
  const field = page.locator('#inspector-instances');
  const before = await field.inputValue();
  await field.fill('7');
  await field.press('Escape');
  await waitUntil(() => inspector.isVisible(), (visible) => !visible, () => 'Esc in a field closes the inspector');
  await node(page, 'postgres').click();
  await expectText(page.locator('#inspector-heading'), 'Postgres', 'Postgres again');
  assert.equal(await page.locator('#inspector-instances').inputValue(), before, 'the typed 7 was not applied');
});
