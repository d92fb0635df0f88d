// The graph editor in the browser: adding from the palette, dragging (one
// undo step), connecting from a handle, editing in the inspector (and a
// refused value), deleting, undo/redo by keyboard, shortcuts, templates
// (with the confirmation), presentation mode, clipboard, and the SVG export.
// Expected figures come from the native CLI (engine.mjs), never from copies.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { sampleComponent, templateReport } from './engine.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';

async function openSample(page, url) {
  await page.goto(url);
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 6, 'sample boxes');
  // Panels above the canvas may push it below the fold; pointer gestures
  // need it on screen.
  await page.locator('.workspace').evaluate((element) => element.scrollIntoView({ block: 'start' }));
}

function node(page, id) {
  return page.locator(`${CANVAS} g[data-component-id="${id}"]`);
}

function edge(page, id) {
  return page.locator(`${CANVAS} g[data-dependency-id="${id}"]`);
}

/** Centre of a component's box on the screen. */
async function centreOf(page, id) {
  const box = await node(page, id).locator('rect.node-box').boundingBox();
  assert.ok(box, `no box on screen for ${id}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one point to another in small steps. */
async function drag(page, from, to, steps = 12) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i += 1) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
  }
  await page.mouse.up();
}

const cell = (page, id, column) => page.locator(
  `table[data-testid="results"] tr[data-component-id="${id}"] td[data-col="${column}"]`);

const undoButton = (page) => page.locator('.toolbar button.tool').first();

test('the palette adds every kind by click, and by dragging onto the canvas', async ({ page, url }) => {
  await openSample(page, url);
  const items = page.locator('.palette button.palette-item');
  await expectCount(items, 12, 'palette items (every component kind)');
  await page.getByRole('button', { name: 'Add Cache', exact: true }).click();
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 7, 'boxes after adding a cache');
  const added = node(page, 'cache');
  await waitUntil(() => added.getAttribute('aria-selected'), (v) => v === 'true', () => 'the new cache is selected');
  // The inspector shows its kind's own settings and realistic defaults.
  await expectText(page.locator('#inspector-heading'), 'Cache', 'inspector heading');
  assert.equal(await page.locator('#inspector-hit-ratio').inputValue(), '80');
  assert.equal(await page.locator('#inspector-throughput-per-instance').inputValue(), '20000');
  // Drag a queue from the palette onto the canvas.
  const canvas = await page.locator(CANVAS).boundingBox();
  await page.getByRole('button', { name: 'Add Queue', exact: true })
    .dragTo(page.locator(CANVAS), { targetPosition: { x: canvas.width / 2, y: 40 } });
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 8, 'boxes after dropping a queue');
  await expectCount(node(page, 'queue-2'), 1, 'the dropped queue');
  await expectText(page.locator('#inspector-heading'), 'Queue', 'inspector after the drop');
});

test('dragging a box moves it, and the whole drag is one undo step', async ({ page, url }) => {
  await openSample(page, url);
  const web = node(page, 'web');
  const before = await web.getAttribute('transform');
  const from = await centreOf(page, 'web');
  await drag(page, from, { x: from.x + 60, y: from.y + 90 }, 20);
  await waitUntil(() => web.getAttribute('transform'), (t) => t !== before, () => 'web moved');
  const moved = await web.getAttribute('transform');
  await waitUntil(() => undoButton(page).getAttribute('aria-label'), (l) => l === 'Undo move 6 components',
    (l) => `one undo step for the drag, got ${l}`);
  await page.keyboard.press('Control+z');
  await waitUntil(() => web.getAttribute('transform'), (t) => t === before, (t) => `undo put web back (${t})`);
  await waitUntil(() => undoButton(page).getAttribute('aria-label'), (l) => l === 'Undo',
    () => 'nothing left to undo after one undo');
  await page.keyboard.press('Control+Shift+z');
  await waitUntil(() => web.getAttribute('transform'), (t) => t === moved, () => 'redo moved web again');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  await waitUntil(() => web.getAttribute('transform'), (t) => t === moved, () => 'Ctrl+Y redoes too');
});

test('dragging from a handle onto another box connects them; a self-connection is refused', async ({ page, url }) => {
  await openSample(page, url);
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 7, 'sample arrows');
  const handle = await page.locator(`${CANVAS} circle[data-handle-for="lb"]`).boundingBox();
  const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
  await drag(page, start, await centreOf(page, 'redis'));
  await expectCount(edge(page, 'lb-redis'), 1, 'the new lb → redis arrow');
  await expectText(page.locator('#inspector-heading'), 'Dependency', 'the new arrow is selected');
  // Redis is a cache: the new dependency starts as a synchronous read.
  assert.equal(await page.locator('#inspector-call-kind').inputValue(), 'read');
  // Onto itself: refused, in words.
  const web = await page.locator(`${CANVAS} circle[data-handle-for="web"]`).boundingBox();
  await drag(page, { x: web.x + web.width / 2, y: web.y + web.height / 2 }, await centreOf(page, 'web'));
  await expectText(page.locator('[data-testid="editor-notice-error"]'),
    '"web" cannot depend on itself; model a retry with its calls instead.', 'self-dependency message');
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 8, 'no arrow added for the refusal');
});

test('the inspector edits a parameter and explains a refused value', async ({ page, url }) => {
  await openSample(page, url);
  const row = sampleComponent(1, 'postgres');
  await expectText(cell(page, 'postgres', 'utilisation'), row.utilisation_text, 'postgres before');
  await node(page, 'postgres').click();
  const instances = page.getByLabel('Workers per node', { exact: true });
  await instances.fill('0');
  await instances.press('Enter');
  const error = page.locator('#inspector-instances-error');
  await expectVisible(error, 'the refusal beside the field');
  await expectText(error, 'Workers per node must be at least 1, got 0', 'refusal names the field');
  assert.equal(await instances.getAttribute('aria-invalid'), 'true');
  // The document is as it was.
  await expectText(cell(page, 'postgres', 'utilisation'), row.utilisation_text, 'postgres after the refusal');
  await instances.fill('2');
  await instances.press('Enter');
  const halved = `${((row.utilisation / 2) * 100).toFixed(1)}%`;
  await expectText(cell(page, 'postgres', 'utilisation'), halved, 'twice the workers, half the utilisation');
  await waitUntil(() => error.isVisible(), (v) => !v, () => 'the message goes once the value is accepted');
  // A kind-specific setting: read replicas.
  const replicas = page.getByLabel('Read replicas', { exact: true });
  await replicas.fill('1');
  await replicas.press('Enter');
  await waitUntil(() => cell(page, 'postgres', 'capacity').textContent(), (t) => t.includes('1 replica'),
    (t) => `capacity mentions the replica: ${t}`);
});

test('Delete removes the selection, and undo brings it back with its arrows', async ({ page, url }) => {
  await openSample(page, url);
  await node(page, 'redis').click();
  await page.keyboard.press('Delete');
  await expectCount(node(page, 'redis'), 0, 'redis after Delete');
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 5, 'arrows after deleting redis');
  await expectText(page.locator('[data-testid="editor-notice"]'), 'Deleted 1 component. Undo with Ctrl+Z.', 'notice');
  await page.keyboard.press('Control+z');
  await expectCount(node(page, 'redis'), 1, 'redis after undo');
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 7, 'arrows after undo');
});

test('keyboard: Tab selects a box, arrows move it, Ctrl+D duplicates, Enter renames, ? shows the map', async ({ page, url }) => {
  await openSample(page, url);
  await node(page, 'lb').focus();
  await waitUntil(() => node(page, 'lb').getAttribute('aria-selected'), (v) => v === 'true', () => 'focus selects lb');
  const before = await node(page, 'lb').getAttribute('transform');
  await page.keyboard.press('ArrowDown');
  await waitUntil(() => node(page, 'lb').getAttribute('transform'), (t) => t !== before, () => 'ArrowDown moved lb');
  await page.keyboard.press('Control+d');
  await expectCount(node(page, 'lb-2'), 1, 'the duplicate of lb');
  await page.keyboard.press('Enter');
  const rename = page.getByLabel('Component name', { exact: true });
  await expectVisible(rename, 'the rename field');
  await rename.fill('Edge proxy');
  await rename.press('Enter');
  await waitUntil(() => node(page, 'lb-2').locator('text.node-name').textContent(), (t) => t === 'Edge proxy',
    (t) => `renamed on the canvas: ${t}`);
  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expectVisible(help, 'the help overlay');
  assert.ok((await help.textContent()).includes('Duplicate the selection'));
  await page.keyboard.press('Escape');
  await waitUntil(() => help.isVisible(), (v) => !v, () => 'Esc closes the help');
  // P: presentation mode, Esc leaves it.
  await page.keyboard.press('p');
  await waitUntil(() => page.evaluate(() => document.documentElement.classList.contains('presenting')),
    (v) => v, () => 'P enters presentation mode');
  assert.equal(await page.locator('.palette').isVisible(), false, 'panels are hidden while presenting');
  await page.keyboard.press('Escape');
  await waitUntil(() => page.evaluate(() => document.documentElement.classList.contains('presenting')),
    (v) => !v, () => 'Esc leaves presentation mode');
});

test('a template asks before replacing work, and opening it is undoable', async ({ page, url }) => {
  await openSample(page, url);
  // Some work: delete the queue.
  await node(page, 'queue').click();
  await page.keyboard.press('Delete');
  await expectCount(node(page, 'queue'), 0, 'queue deleted');
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start from a template' });
  await expectVisible(dialog, 'the template picker');
  await dialog.locator('button[data-template="scaled-web-app"]').click();
  const confirm = page.getByRole('alertdialog', { name: 'Replace the current architecture?' });
  await expectVisible(confirm, 'the confirmation');
  assert.ok((await confirm.textContent()).includes('replaces “MVP that creaks”'));
  await confirm.getByRole('button', { name: 'Cancel' }).click();
  await expectCount(node(page, 'queue'), 0, 'cancel keeps the work');
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 5, 'still the edited sample');
  await dialog.locator('button[data-template="scaled-web-app"]').click();
  await page.getByTestId('confirm-replace').click();
  const expected = templateReport('scaled-web-app', 1);
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), expected.components.length, 'template boxes');
  await expectText(page.locator('[data-testid="banner"]'), expected.headline, 'banner for the template');
  await page.keyboard.press('Control+z');
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 5, 'undo brings the edited sample back');
});

test('the SVG export downloads the picture as shown, at the current growth, with the legend', async ({ page, url }) => {
  await openSample(page, url);
  const field = page.locator('input#growth-input');
  await field.fill('10');
  await field.press('Enter');
  const postgres = sampleComponent(10, 'postgres');
  await expectText(cell(page, 'postgres', 'utilisation'), postgres.utilisation_text, 'postgres at 10x');
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Picture (SVG)' }).click(),
  ]);
  assert.equal(download.suggestedFilename(), 'mvp-that-creaks-at-10x.svg');
  const svg = await readFile(await download.path(), 'utf8');
  assert.ok(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'), svg.slice(0, 80));
  assert.ok(svg.includes('MVP that creaks at 10× growth'), 'title with the growth');
  assert.ok(svg.includes(`>${postgres.utilisation_text}</text>`), `postgres shows ${postgres.utilisation_text}`);
  assert.ok(svg.includes(`>${postgres.status.toUpperCase()}</text>`), 'postgres band word');
  for (const word of ['sync: caller waits', 'async: via a queue', 'bottleneck']) {
    assert.ok(svg.includes(word), `legend: ${word}`);
  }
  await expectText(page.locator('[data-testid="editor-notice"]'), 'Saved the picture as mvp-that-creaks-at-10x.svg.', 'notice');
});

test('copy and paste go through the clipboard; foreign text is refused with a message', async ({ page, url }) => {
  await openSample(page, url);
  await node(page, 'postgres').click();
  const copied = await page.evaluate(() => {
    const data = new DataTransfer();
    document.body.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true }));
    return data.getData('text/plain');
  });
  assert.ok(copied.includes('"headroom": "headroom/components"'), copied.slice(0, 120));
  const paste = (text) => page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, text);
  await paste(copied);
  await expectCount(node(page, 'postgres-2'), 1, 'the pasted copy');
  await paste('https://example.org/not-a-component');
  await expectText(page.locator('[data-testid="editor-notice-error"]'),
    'Nothing to paste: the clipboard holds no Headroom components (copy some with Ctrl+C first).', 'foreign paste');
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 7, 'nothing pasted from foreign text');
});
