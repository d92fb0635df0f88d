// The graph editor in the browser: adding from the palette, dragging (one
// undo step), connecting from a handle, editing in the inspector (and a
// refused value), deleting, undo/redo by keyboard, shortcuts, templates
// (each a new document), presentation mode, clipboard, and the SVG export.
// Expected figures come from the native CLI (engine.mjs), never from copies.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { centreOf, drag, storedDocuments } from './app.mjs';
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

const cell = (page, id, column) => page.locator(
  `table[data-testid="results"] tr[data-component-id="${id}"] td[data-col="${column}"]`);

const undoButton = (page) => page.locator('.toolbar button.tool').first();

test('the palette adds every kind by click, and by dragging onto the canvas', async ({ page, url }) => {
  await openSample(page, url);
  const items = page.locator('.palette button.palette-item');
  await expectCount(items, 12, 'palette items (every component kind)');
  // On the tests' 1280×800 window, every kind is in view without scrolling
  // the palette, and the palette inside the canvas on the first screen.
  const fits = await page.evaluate(() => {
    const palette = document.querySelector('.palette');
    const frame = palette.getBoundingClientRect();
    return { overflow: palette.scrollHeight - palette.clientHeight, bottom: frame.bottom, window: innerHeight };
  });
  assert.ok(fits.overflow <= 0, `the palette scrolls by ${fits.overflow} px`);
  assert.ok(fits.bottom <= fits.window, `the palette ends at ${fits.bottom} px, below the ${fits.window} px window`);
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

test('the cursor says what a press does: a box, a drag in progress, the hand tool', async ({ page, url }) => {
  await openSample(page, url);
  const cursorAt = (p) => page.evaluate(({ x, y }) => getComputedStyle(document.elementFromPoint(x, y)).cursor, p);
  const from = await centreOf(page, 'web');
  assert.equal(await cursorAt(from), 'pointer', 'over a box at rest');
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(from.x + 30, from.y + 20, { steps: 4 });
  await waitUntil(() => cursorAt({ x: from.x + 30, y: from.y + 20 }), (c) => c === 'move', (c) => `while dragging, got ${c}`);
  await page.mouse.up();
  const after = await centreOf(page, 'web');
  await waitUntil(() => cursorAt(after), (c) => c === 'pointer', (c) => `after the drop, got ${c}`);
  await page.getByRole('button', { name: 'Pan', exact: true }).click();
  await waitUntil(() => cursorAt(after), (c) => c === 'grab', (c) => `the hand tool over a box, got ${c}`);
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
    '“Web app” cannot depend on itself; model a retry with its calls instead.', 'self-dependency message');
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 8, 'no arrow added for the refusal');
});

test('a click beside an arrow (on its wide hit area) selects the dependency', async ({ page, url }) => {
  await openSample(page, url);
  // A third of the way along, 7 canvas units beside the drawn line: on the
  // wide, unpainted hit stroke, not on the line itself.
  const at = await page.evaluate(() => {
    const line = document.querySelector('g[data-dependency-id="web-redis"] path.edge-line');
    const length = line.getTotalLength();
    const p = line.getPointAtLength(length / 3);
    const q = line.getPointAtLength(length / 3 + 1);
    const norm = Math.hypot(q.x - p.x, q.y - p.y) || 1;
    const beside = new DOMPoint(p.x - ((q.y - p.y) / norm) * 7, p.y + ((q.x - p.x) / norm) * 7);
    const screen = beside.matrixTransform(line.getScreenCTM());
    return { x: screen.x, y: screen.y };
  });
  await page.mouse.click(at.x, at.y);
  await expectText(page.locator('#inspector-heading'), 'Dependency', 'the arrow is selected');
  await waitUntil(() => edge(page, 'web-redis').getAttribute('class'), (c) => c.includes('is-selected'),
    (c) => `the arrow is drawn selected (${c})`);
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

test('a template opens as a new document, as Documents → New does, and the edited work stays kept', async ({ page, url }) => {
  await openSample(page, url);
  // Some work: delete the queue.
  await node(page, 'queue').click();
  await page.keyboard.press('Delete');
  await expectCount(node(page, 'queue'), 0, 'queue deleted');
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start from a template' });
  await expectVisible(dialog, 'the template picker');
  // The behaviour is stated before anything is chosen.
  await waitUntil(() => dialog.getByTestId('templates-behaviour').textContent(),
    (t) => t.includes('opens as a new document') && t.includes('“MVP that creaks” stays'),
    (t) => `the dialog says what happens and names the document that stays: ${t}`);
  await dialog.locator('button[data-template="scaled-web-app"]').click();
  const expected = templateReport('scaled-web-app', 1);
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), expected.components.length, 'template boxes');
  await expectText(page.locator('[data-testid="banner"]'), expected.headline, 'banner for the template');
  await waitUntil(() => page.locator('[data-testid="document-name"]').textContent(), (t) => !t.includes('MVP that creaks'),
    () => 'the new document is the open one');
  // The edited sample is still there, queue deleted, as a document of its own.
  const docs = await waitUntil(() => storedDocuments(page), (d) => d.length === 2, () => 'two stored documents');
  const sample = docs.find((d) => d.document?.name === 'MVP that creaks');
  assert.ok(sample, 'the sample is kept');
  assert.ok(!sample.document.components.some((c) => c.id === 'queue'), 'with the queue deleted, as it was left');
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

/** Ids of the selected boxes. */
const selectedIds = (page) => page.$$eval(`${CANVAS} g[data-component-id][aria-selected="true"]`,
  (gs) => gs.map((g) => g.dataset.componentId).sort());

/** A box's translation on the canvas, as numbers. */
async function positionOf(page, id) {
  const transform = await node(page, id).getAttribute('transform');
  const match = /translate\(([-\d.e]+)[ ,]+([-\d.e]+)\)/.exec(transform ?? '');
  assert.ok(match, `no translation on ${id}: ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]) };
}

test('shift-click and a rectangle select several boxes; dragging one moves them all, snapped, as one undo step', async ({ page, url }) => {
  await openSample(page, url);
  await node(page, 'web').click();
  await node(page, 'redis').click({ modifiers: ['Shift'] });
  await waitUntil(() => selectedIds(page), (ids) => ids.join() === 'redis,web', (ids) => `shift-click: ${ids}`);
  await node(page, 'redis').click({ modifiers: ['Shift'] });
  await waitUntil(() => selectedIds(page), (ids) => ids.join() === 'web', (ids) => `shift-click again takes redis out: ${ids}`);
  // A rectangle from the background around the queue and the worker.
  await page.keyboard.press('Escape');
  const queue = await node(page, 'queue').locator('rect.node-box').boundingBox();
  const worker = await node(page, 'worker').locator('rect.node-box').boundingBox();
  const top = Math.min(queue.y, worker.y) - 8;
  const bottom = Math.max(queue.y + queue.height, worker.y + worker.height) + 8;
  // From above the queue's left corner (an arrow runs under the queue).
  const start = { x: queue.x - 8, y: top };
  assert.equal(await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.classList.contains('canvas-background'), start),
    true, 'the rectangle starts on the background');
  await drag(page, start, { x: worker.x + worker.width + 8, y: bottom });
  await waitUntil(() => selectedIds(page), (ids) => ids.join() === 'queue,worker', (ids) => `rectangle: ${ids}`);
  // Drag the queue: the worker comes along; the grabbed box lands on the grid.
  const queueBefore = await positionOf(page, 'queue');
  const workerBefore = await positionOf(page, 'worker');
  const from = await centreOf(page, 'queue');
  await drag(page, from, { x: from.x + 41, y: from.y + 67 }, 15);
  await waitUntil(() => positionOf(page, 'queue'), (p) => p.x !== queueBefore.x, () => 'the queue moved');
  const queueAfter = await positionOf(page, 'queue');
  const workerAfter = await positionOf(page, 'worker');
  assert.ok(Math.abs((queueAfter.x - queueBefore.x) - (workerAfter.x - workerBefore.x)) < 1e-6, 'both moved the same way');
  assert.ok(Math.abs((queueAfter.y - queueBefore.y) - (workerAfter.y - workerBefore.y)) < 1e-6, 'both moved the same way');
  // The grabbed box's top-left corner (its translation) lands on the 20-unit grid.
  assert.equal(queueAfter.x % 20, 0, `snapped x: ${queueAfter.x}`);
  assert.equal(queueAfter.y % 20, 0, `snapped y: ${queueAfter.y}`);
  await page.keyboard.press('Control+z');
  await waitUntil(() => positionOf(page, 'worker'), (p) => p.x === workerBefore.x && p.y === workerBefore.y,
    (p) => `one undo puts the worker back: ${JSON.stringify(p)}`);
  assert.deepEqual(await positionOf(page, 'queue'), queueBefore);
});

test('connecting a second arrow with the same ends and kind is refused in the boxes\' names', async ({ page, url }) => {
  await openSample(page, url);
  const handle = await page.locator(`${CANVAS} circle[data-handle-for="lb"]`).boundingBox();
  await drag(page, { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 }, await centreOf(page, 'web'));
  await expectText(page.locator('[data-testid="editor-notice-error"]'),
    '“Load balancer” already has a call dependency on “Web app”; select that arrow and edit its calls instead.',
    'duplicate dependency message');
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 7, 'no arrow added');
});

test('the view pans (keys, space-drag, middle drag), zooms (wheel, pinch, +/-) and fits beside the open inspector', async ({ page, url }) => {
  await openSample(page, url);
  const canvas = page.locator(CANVAS);
  const viewBox = async () => (await canvas.getAttribute('viewBox')).split(' ').map(Number);
  const zoomButton = page.locator('.toolbar button[aria-label^="Zoom "][aria-label$="reset to 100%"]');
  const zoomText = async () => Number(/Zoom (\d+)%/.exec(await zoomButton.getAttribute('aria-label'))[1]);
  const frame = await canvas.boundingBox();
  const middle = { x: frame.x + frame.width * 0.6, y: frame.y + frame.height / 2 };
  const start = await viewBox();
  const startZoom = await zoomText();
  // Arrow keys pan when nothing is selected.
  await canvas.focus();
  await page.keyboard.press('ArrowRight');
  await waitUntil(viewBox, (v) => v[0] > start[0] && v[1] === start[1], (v) => `ArrowRight pans: ${v}`);
  // + and - zoom.
  await page.keyboard.press('+');
  await waitUntil(zoomText, (z) => z > startZoom, (z) => `+ zooms in: ${z}%`);
  await page.keyboard.press('-');
  await waitUntil(zoomText, (z) => z === startZoom, (z) => `- zooms back: ${z}%`);
  // The wheel zooms at the pointer; Ctrl+wheel (a pinch) too.
  await page.mouse.move(middle.x, middle.y);
  await page.mouse.wheel(0, -200);
  await waitUntil(zoomText, (z) => z > startZoom, (z) => `wheel up zooms in: ${z}%`);
  const wheeled = await zoomText();
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, 30);
  await page.keyboard.up('Control');
  await waitUntil(zoomText, (z) => z < wheeled, (z) => `pinch out zooms out: ${z}%`);
  // Space+drag and middle drag pan: the drawing follows the pointer.
  let before = await viewBox();
  await page.keyboard.down(' ');
  await drag(page, { x: middle.x, y: frame.y + 20 }, { x: middle.x + 60, y: frame.y + 60 }, 6);
  await page.keyboard.up(' ');
  await waitUntil(viewBox, (v) => v[0] < before[0] && v[1] < before[1], (v) => `space-drag pans: ${v} from ${before}`);
  before = await viewBox();
  await page.mouse.move(middle.x, frame.y + 20);
  await page.mouse.down({ button: 'middle' });
  await page.mouse.move(middle.x - 50, frame.y + 10, { steps: 5 });
  await page.mouse.up({ button: 'middle' });
  await waitUntil(viewBox, (v) => v[0] > before[0], (v) => `middle drag pans: ${v} from ${before}`);
  assert.equal(await page.locator(`${CANVAS} g[data-component-id][aria-selected="true"]`).count(), 0,
    'panning selects nothing');
  // Fit with the inspector open: every box clear of the inspector and the palette.
  await node(page, 'postgres').click();
  const inspector = page.locator('.inspector');
  await expectVisible(inspector, 'the inspector');
  await page.getByRole('button', { name: 'Fit' }).click();
  const panel = await inspector.boundingBox();
  const palette = await page.locator('.palette').boundingBox();
  await waitUntil(async () => {
    const boxes = await page.locator(`${CANVAS} rect.node-box`).evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().toJSON()));
    return boxes.every((b) => b.right <= panel.x && b.left >= palette.x + palette.width);
  }, (clear) => clear, () => 'after Fit, no box is under the inspector or the palette');
});

test('components copied in one document paste into another (Documents… switches)', async ({ page, url }) => {
  await openSample(page, url);
  // Postgres first: the inspector that opens covers the canvas's right side.
  await node(page, 'postgres').click();
  await node(page, 'redis').click({ modifiers: ['Shift'] });
  const copied = await page.evaluate(() => {
    const data = new DataTransfer();
    document.body.dispatchEvent(new ClipboardEvent('copy', { clipboardData: data, bubbles: true }));
    return data.getData('text/plain');
  });
  await page.getByRole('button', { name: 'Documents…' }).click();
  await page.getByTestId('new-blank').click();
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 0, 'a blank document');
  await page.evaluate((t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    document.body.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true }));
  }, copied);
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 2, 'both pasted into the new document');
  await expectCount(node(page, 'redis'), 1, 'redis keeps its id in a document without one');
  // The arrow between them came along; the ones to boxes left behind did not.
  await expectCount(page.locator(`${CANVAS} g[data-dependency-id]`), 1, 'the redis → postgres arrow');
  await expectText(page.locator('[data-testid="editor-notice"]'), 'Pasted 2 components.', 'notice');
});

test('presentation mode shows the dial, the headline and the whole drawing on one screen', async ({ page, url }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openSample(page, url);
  await page.getByRole('button', { name: 'Present' }).click();
  await waitUntil(() => page.evaluate(() => document.documentElement.classList.contains('presenting')),
    (v) => v, () => 'presenting');
  const height = 720;
  const slider = await page.locator('#growth-slider').boundingBox();
  assert.ok(slider && slider.y >= 0 && slider.y + slider.height <= height, 'the dial is on screen');
  const leave = await page.getByRole('button', { name: 'Leave presentation (Esc)' }).boundingBox();
  const canvasBox = await page.locator(CANVAS).boundingBox();
  assert.ok(canvasBox.y + canvasBox.height <= height, `the canvas ends on screen (${canvasBox.y + canvasBox.height})`);
  assert.ok(canvasBox.height > 250, `the canvas has room: ${canvasBox.height}`);
  assert.ok(leave.y + leave.height <= canvasBox.y, 'the leave button does not cover the drawing');
  await waitUntil(async () => {
    const boxes = await page.locator(`${CANVAS} rect.node-box`).evaluateAll((rs) => rs.map((r) => r.getBoundingClientRect().toJSON()));
    return boxes.every((b) => b.top >= canvasBox.y && b.bottom <= canvasBox.y + canvasBox.height
      && b.left >= canvasBox.x && b.right <= canvasBox.x + canvasBox.width);
  }, (inside) => inside, () => 'every box is on screen, inside the canvas');
  assert.equal(await page.evaluate(() => document.scrollingElement.scrollHeight <= window.innerHeight), true,
    'nothing to scroll');
  await page.keyboard.press('Escape');
  await waitUntil(() => page.evaluate(() => document.documentElement.classList.contains('presenting')),
    (v) => !v, () => 'Esc leaves');
});

test('the PNG export and the Mermaid flowchart download the picture and the model', async ({ page, url }) => {
  await openSample(page, url);
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [png] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Picture (PNG)' }).click(),
  ]);
  assert.equal(png.suggestedFilename(), 'mvp-that-creaks-at-1x.png');
  const bytes = await readFile(await png.path());
  assert.deepEqual([...bytes.subarray(1, 4)], [...Buffer.from('PNG')], 'a PNG file');
  assert.ok(bytes.readUInt32BE(16) > 1000, `wide enough to project: ${bytes.readUInt32BE(16)} px`);
  await page.getByRole('button', { name: 'Export ▾' }).click();
  const [md] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Mermaid flowchart (.md)' }).click(),
  ]);
  const text = await readFile(await md.path(), 'utf8');
  assert.ok(text.startsWith('```mermaid\nflowchart LR\n'), text.slice(0, 40));
  assert.ok(text.includes('c_lb -->|"×1"| c_web'), 'the load balancer calls the web app');
  assert.ok(text.includes('c_web -.->|"write ×0.1 async"| c_queue'), 'async arrows are dotted');
  assert.ok(text.trimEnd().endsWith('```'), 'a closed code block');
});
