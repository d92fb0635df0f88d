// Helpers the browser tests share: opening the page (or a template),
// reading what it stored in localStorage, downloads, committing a field the
// way a user does (type, then leave the field), and finding a plan.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

import { templateReport } from './engine.mjs';
import { expectText, expectVisible, waitUntil } from './harness.mjs';

/** Opens the app and then template `id` with the editor's "Templates…" dialog. */
export async function openTemplate(page, url, id) {
  await openApp(page, url);
  await page.getByRole('button', { name: 'Templates…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Start from a template' });
  await expectVisible(dialog, 'the template picker');
  await dialog.locator(`button[data-template="${id}"]`).click();
  await expectText(page.locator('[data-testid="banner"]'), templateReport(id, 1).headline, `template ${id} opened`);
}

/** Runs "Find plan" (to `target`, when given) and waits for the plan. */
export async function findPlan(page, { target } = {}) {
  const panel = page.locator('[data-testid="plan"]');
  if (target !== undefined) await panel.locator('[data-testid="plan-target"]').fill(String(target));
  await panel.locator('[data-testid="find-plan"]').click();
  const result = panel.locator('[data-testid="plan-result"]');
  await result.waitFor({ timeout: 30_000 });
  return result;
}

/** The trimmed texts of every element the locator matches. */
export async function texts(locator) {
  return (await locator.allTextContents()).map((t) => t.trim());
}

/** The key prefix every stored document has (storage::workspace). */
export const DOC_PREFIX = 'headroom/v1/doc/';
export const BACKUP_PREFIX = 'headroom/v1/backup/';

/** Opens the app and waits until a document has rendered. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.locator('[data-testid="banner"]').waitFor({ timeout: 20_000 });
  await page.locator('[data-testid="document-name"]').waitFor();
  // The panels under the drawing mount one a task after it (ui/staged.rs):
  // the last of them is there once the page is whole.
  await page.locator('[data-testid="decisions"]').waitFor({ state: 'attached' });
}

/** Every localStorage entry of the page, as an object. */
export function storage(page) {
  return page.evaluate(() => Object.fromEntries(Object.keys(localStorage).map((k) => [k, localStorage.getItem(k)])));
}

/** The stored documents: `[{ key, revision, document }]` (unreadable ones have `raw` instead). */
export async function storedDocuments(page) {
  const entries = Object.entries(await storage(page)).filter(([key]) => key.startsWith(DOC_PREFIX));
  return entries.map(([key, raw]) => {
    try {
      const { revision, document } = JSON.parse(raw);
      return { key, revision, document };
    } catch {
      return { key, raw };
    }
  });
}

/** Waits until some stored document satisfies `accept(document)`; returns it. */
export async function expectStored(page, accept, what) {
  const found = await waitUntil(
    async () => (await storedDocuments(page)).find((entry) => entry.document && accept(entry.document)),
    (entry) => entry !== undefined,
    () => `${what}: no stored document matches`,
  );
  return found;
}

/** Types `text` into a field and leaves it (Tab), which commits it. */
export async function commitField(locator, text) {
  await locator.fill(text);
  await locator.press('Tab');
}

/** Runs `action` and returns the text of the file it downloads, with the file's suggested name. */
export async function downloadOf(page, action) {
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), action()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: await readFile(path) };
}

/** Gives a file input a file, as choosing one in the browser's picker does. */
export async function chooseFile(locator, name, text, mimeType = 'text/plain') {
  await locator.setInputFiles({ name, mimeType, buffer: Buffer.from(text, 'utf8') });
}

/** The decisions panel's locators. */
export function decisionsPanel(page) {
  const panel = page.locator('[data-testid="decisions"]');
  return {
    panel,
    items: panel.locator('[data-testid="decision-item"]'),
    item: (number) => panel.locator(`[data-testid="decision-item"][data-number="${number}"]`),
    editor: panel.locator('[data-testid="decision-editor"]'),
    message: panel.locator('[data-testid="decisions-message"]'),
    /** The editor's field `name` of record `number` (ids are `adr-<number>-<name>`). */
    field: (number, name) => panel.locator(`#adr-${number}-${name}`),
  };
}

/** Centre of a component's box on the screen. */
export async function centreOf(page, id) {
  const box = await page.locator(`svg[data-testid="canvas"] g[data-component-id="${id}"] rect.node-box`).boundingBox();
  assert.ok(box, `no box on screen for ${id}`);
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags with the mouse from one point to another in small steps. */
export async function drag(page, from, to, steps = 12) {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i += 1) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
  }
  await page.mouse.up();
}
