// Storage that never loses a user's work: the first visit stores the sample;
// unreadable stored text is kept under a backup key and offered back; a full
// storage keeps the last good copy and says so; two tabs on one document
// are offered a choice; documents are made, renamed, copied, deleted and
// restored; JSON files and share links come in without changing anything
// when they are wrong. A large document is stored and reloaded, and the
// test prints its size and how long opening it took.

import assert from 'node:assert/strict';

import {
  BACKUP_PREFIX, DOC_PREFIX, chooseFile, commitField, decisionsPanel, downloadOf, expectStored, openApp, storage,
  storedDocuments,
} from './app.mjs';
import { expectCount, expectText, expectVisible, test, waitUntil } from './harness.mjs';

function documentName(page) {
  return page.locator('[data-testid="document-name"]');
}

async function openDocuments(page) {
  await page.locator('[data-testid="open-documents"]').click();
  const dialog = page.locator('[data-testid="documents-dialog"]');
  await expectVisible(dialog, 'documents dialog');
  return dialog;
}

test('the first visit opens the sample and stores it', async ({ page, url }) => {
  await openApp(page, url);
  await expectText(documentName(page), 'MVP that creaks', 'document name');
  const [stored] = await waitUntil(() => storedDocuments(page), (docs) => docs.length === 1, () => 'one stored document');
  assert.equal(stored.document.name, 'MVP that creaks');
  assert.equal(stored.document.schema_version, 2);
  assert.ok(Object.keys(await storage(page)).every((key) => key.startsWith('headroom/v1/')), 'keys are namespaced');
});

test('unreadable stored text is kept under a backup key, explained, and can be downloaded', async ({ page, url }) => {
  await openApp(page, url);
  const [{ key }] = await waitUntil(() => storedDocuments(page), (docs) => docs.length === 1, () => 'stored sample');
  const garbage = '{"revision": 3, "document": {"schema_version": 1, "name": "Plan", "compo';
  await page.evaluate(([k, v]) => localStorage.setItem(k, v), [key, garbage]);
  await page.reload();
  await page.locator('[data-testid="banner"]').waitFor();

  const notice = page.locator('[data-testid="notice"]').filter({ hasText: 'could not be read' });
  await expectCount(notice, 1, 'message about the unreadable copy');
  const text = await notice.textContent();
  assert.ok(text.includes('Nothing was deleted') && text.includes(BACKUP_PREFIX), text);
  const stored = await storage(page);
  const backups = Object.entries(stored).filter(([k]) => k.startsWith(`${BACKUP_PREFIX}${key.slice(DOC_PREFIX.length)}/`));
  assert.equal(backups.length, 1, `one backup key in ${Object.keys(stored)}`);
  assert.equal(backups[0][1], garbage, 'the text is kept unchanged');
  assert.equal(stored[key], undefined, 'the unreadable copy moved, not copied over');
  // The page still works: a fresh sample, stored as another document.
  await expectText(documentName(page), 'MVP that creaks', 'document after the unreadable one');

  const download = await downloadOf(page, () => notice.locator('[data-testid="notice-action"]').click());
  assert.equal(download.bytes.toString('utf8'), garbage, 'the download is the unreadable text');
  const dialog = await openDocuments(page);
  await expectCount(dialog.locator('[data-testid="backup-list"] li'), 1, 'backup listed in the documents dialog');
});

test('a save refused by a full storage keeps the last good copy and says so', async ({ page, url }) => {
  await openApp(page, url);
  const [before] = await waitUntil(() => storedDocuments(page), (docs) => docs.length === 1, () => 'stored sample');
  const raw = (await storage(page))[before.key];
  // Fill what is left of the quota with other keys, largest chunks first.
  const filled = await page.evaluate(() => {
    let n = 0;
    for (let size = 1 << 20; size >= 1; size = Math.floor(size / 2)) {
      for (;;) {
        try {
          localStorage.setItem(`filler/${n}`, 'x'.repeat(size));
          n += 1;
        } catch {
          break;
        }
      }
    }
    return n;
  });
  assert.ok(filled > 0, 'storage filled');
  await page.locator('[data-testid="record-decision"]').click();
  const problem = page.locator('[data-testid="save-problem"]');
  await expectVisible(problem, 'the save problem message');
  const text = await problem.textContent();
  assert.ok(text.includes('storage for this page is full') && text.includes('last saved copy is still there'), text);
  assert.equal(await page.locator('[data-testid="save-state"]').getAttribute('data-state'), 'problem');
  assert.equal((await storage(page))[before.key], raw, 'the stored copy is the last good one');
  // Room again: the next edit is saved.
  await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('filler/'))
    .forEach((k) => localStorage.removeItem(k)));
  await commitField(decisionsPanel(page).field(1, 'more'), 'Saved once there was room.');
  await expectStored(page, (doc) => doc.decisions?.[0]?.more_information === 'Saved once there was room.', 'saved later');
  await expectCount(problem, 0, 'the problem message once saved');
});

test('two tabs on one document: the other tab\'s save offers a choice', async ({ page, url }) => {
  await openApp(page, url);
  await waitUntil(() => storedDocuments(page), (docs) => docs.length === 1, () => 'stored sample');
  const other = await page.context().newPage();
  const otherProblems = [];
  other.on('console', (m) => { if (m.type() === 'error') otherProblems.push(m.text()); });
  other.on('pageerror', (e) => otherProblems.push(e.message));
  await openApp(other, url);
  await expectText(documentName(other), 'MVP that creaks', 'the second tab opens the same document');

  // Both tabs edit; the other tab's autosave comes first, while this
  // tab's edit is still waiting for its own.
  await other.locator('[data-testid="record-decision"]').click();
  // The user goes back to the first tab. (A tab left in the background is
  // not rendered, so panels that draw only once on screen never appear
  // there and a click on them lands on their empty box.)
  await page.bringToFront();
  await page.locator('[data-testid="new-record"]').click();
  const dialog = page.locator('[data-testid="conflict-dialog"]');
  await expectVisible(dialog, 'the conflict dialog in the first tab');
  assert.ok((await dialog.locator('[data-testid="conflict-text"]').textContent()).includes('was changed in another tab'));
  for (const choice of ['keep-mine', 'take-theirs', 'keep-both']) {
    await expectVisible(dialog.locator(`[data-testid="${choice}"]`), choice);
  }
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'keep-both',
    'the answer that loses nothing has the focus');
  assert.equal(await page.locator('[data-testid="save-state"]').getAttribute('data-state'), 'problem');
  await dialog.locator('[data-testid="keep-both"]').click();
  await expectText(documentName(page), 'MVP that creaks (conflicted copy)', 'this tab continues with its copy');
  const docs = await waitUntil(() => storedDocuments(page), (d) => d.length === 2, () => 'two stored documents');
  const names = docs.map((d) => d.document.name).sort();
  assert.deepEqual(names, ['MVP that creaks', 'MVP that creaks (conflicted copy)']);
  const theirs = docs.find((d) => d.document.name === 'MVP that creaks').document;
  const mine = docs.find((d) => d.document.name !== 'MVP that creaks').document;
  assert.equal(theirs.decisions[0].title.startsWith('Relieve'), true, 'the other tab\'s record is kept');
  assert.equal(mine.decisions[0].title, 'New decision', 'this tab\'s record is kept');
  assert.equal(await other.locator('[data-testid="conflict-dialog"]').isVisible(), false,
    'the tab that saved first is not asked');
  assert.deepEqual(otherProblems, [], 'the second tab logged no error');
  await other.close();
});

test('two tabs: taking theirs replaces this tab\'s document', async ({ page, url }) => {
  await openApp(page, url);
  await waitUntil(() => storedDocuments(page), (docs) => docs.length === 1, () => 'stored sample');
  const other = await page.context().newPage();
  await openApp(other, url);
  await other.locator('[data-testid="record-decision"]').click();
  await page.bringToFront();
  const dialog = page.locator('[data-testid="conflict-dialog"]');
  await expectVisible(dialog, 'the conflict dialog');
  await dialog.locator('[data-testid="take-theirs"]').click();
  await expectCount(decisionsPanel(page).items, 1, 'the other tab\'s record, here');
  assert.equal((await storedDocuments(page)).length, 1, 'still one document');
  await other.close();
});

test('documents: new, rename, duplicate, switch, delete with undo; the dialog is a proper dialog', async ({ page, url }) => {
  await openApp(page, url);
  let dialog = await openDocuments(page);
  // Keyboard: focus starts inside, Tab does not leave it, Esc closes it.
  for (let i = 0; i < 60; i += 1) await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), true,
    'focus stays in the dialog');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => !!document.activeElement?.closest('dialog[open]')), true);
  await page.keyboard.press('Escape');
  await waitUntil(() => dialog.isVisible(), (v) => v === false, () => 'Esc closes the dialog');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'open-documents',
    'focus returns to the button that opened it');

  dialog = await openDocuments(page);
  await dialog.locator('[data-template="mvp-monolith"]').click();
  await expectText(documentName(page), 'MVP monolith + Postgres', 'new document from a template');
  dialog = await openDocuments(page);
  const rows = dialog.locator('[data-testid="document-entry"]');
  await expectCount(rows, 2, 'two documents');
  // Rename the open one (an undoable edit of the document).
  const openId = await rows.filter({ hasText: '(open)' }).getAttribute('data-document-id');
  const openRow = dialog.locator(`[data-testid="document-entry"][data-document-id="${openId}"]`);
  await openRow.getByRole('button', { name: /^Rename/ }).click();
  const field = openRow.getByLabel('New name');
  await field.fill('Checkout <b>v2</b>');
  await field.press('Enter');
  await expectText(documentName(page), 'Checkout <b>v2</b>', 'renamed');
  await expectStored(page, (doc) => doc.name === 'Checkout <b>v2</b>', 'the new name stored');
  await expectCount(dialog.locator('b'), 0, 'names are text');
  await rows.filter({ hasText: 'Checkout' }).getByRole('button', { name: /^Duplicate/ }).click();
  await expectCount(rows, 3, 'after duplicating');
  await expectCount(rows.filter({ hasText: 'Checkout <b>v2</b> (copy)' }), 1, 'the copy');
  // Switch to the sample, then delete it and undo.
  await rows.filter({ hasText: 'MVP that creaks' }).getByRole('button', { name: /^Open/ }).click();
  await expectText(documentName(page), 'MVP that creaks', 'switched');
  dialog = await openDocuments(page);
  await rows.filter({ hasText: 'MVP that creaks' }).getByRole('button', { name: /^Delete/ }).click();
  await expectCount(rows, 2, 'after deleting');
  assert.notEqual(await documentName(page).textContent(), 'MVP that creaks', 'another document opened');
  await page.keyboard.press('Escape');
  const undo = page.locator('[data-testid="notice"]').filter({ hasText: 'moved to the bin' })
    .locator('[data-testid="notice-action"]');
  await undo.click();
  dialog = await openDocuments(page);
  await expectCount(rows, 3, 'restored');
  assert.equal((await storedDocuments(page)).length, 3);
});

test('a JSON file with a mistake changes nothing and the message names the field', async ({ page, url }) => {
  await openApp(page, url);
  const panel = decisionsPanel(page);
  await page.locator('[data-testid="record-decision"]').click();
  await expectStored(page, (doc) => doc.decisions?.length === 1, 'the record');
  const dialog = await openDocuments(page);
  const exported = await downloadOf(page, () => dialog.locator('[data-testid="export-json"]').click());
  assert.equal(exported.name, 'mvp-that-creaks.headroom.json');
  const json = JSON.parse(exported.bytes.toString('utf8'));
  assert.equal(json.decisions.length, 1);

  const before = await storage(page);
  const broken = structuredClone(json);
  broken.components[2].instances = -1;
  const input = dialog.locator('[data-testid="import-json-file"]');
  await chooseFile(input, 'broken.json', JSON.stringify(broken), 'application/json');
  const message = dialog.locator('[data-testid="json-message"]');
  await waitUntil(() => message.textContent(),
    (t) => t.includes('component "postgres" (components[2]), instances') && t.includes('nothing was changed'),
    () => 'the error names the component by id and the field');
  assert.deepEqual(await storage(page), before, 'storage unchanged');
  await expectText(documentName(page), 'MVP that creaks', 'the open document unchanged');

  const renamed = { ...json, name: 'Imported plan' };
  await chooseFile(input, 'plan.json', JSON.stringify(renamed), 'application/json');
  await expectText(documentName(page), 'Imported plan', 'the imported document opens');
  await expectCount(panel.items, 1, 'with its record');
  assert.equal((await storedDocuments(page)).length, 2, 'as a new document');
});

test('a share link opens as a new document and leaves the address clean', async ({ page, url }) => {
  await openApp(page, url);
  await page.locator('[data-testid="record-decision"]').click();
  await expectStored(page, (doc) => doc.decisions?.length === 1, 'the record');
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(url).origin });
  await page.locator('[data-testid="open-share"]').click();
  const link = await page.locator('[data-testid="share-link"]').inputValue();
  assert.ok(link.startsWith(`${url}#doc=v1.`), link);
  await page.locator('[data-testid="copy-share-link"]').click();
  await expectText(page.locator('[data-testid="share-dialog"] [role="status"]'), 'Link copied.', 'copy status');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), link, 'the clipboard holds the link');
  await page.keyboard.press('Escape');

  await page.goto('about:blank');
  await page.goto(link);
  await page.locator('[data-testid="banner"]').waitFor();
  await expectCount(page.locator('[data-testid="notice"]').filter({ hasText: 'Opened the shared document' }), 1,
    'the message about the shared document');
  assert.equal(new URL(page.url()).hash, '', 'the fragment is cleared');
  await expectCount(decisionsPanel(page).items, 1, 'the shared record');
  const docs = await waitUntil(() => storedDocuments(page), (d) => d.length === 2, () => 'a second stored document');
  assert.deepEqual(docs[0].document, docs[1].document, 'the copy equals the original');
  // A reload does not open it again.
  await page.reload();
  await page.locator('[data-testid="banner"]').waitFor();
  assert.equal((await storedDocuments(page)).length, 2);

  // Pasted into the address bar of the open tab (only the fragment changes).
  await page.goto(link);
  await waitUntil(() => storedDocuments(page), (d) => d.length === 3, () => 'a third stored document');
  await waitUntil(() => page.url(), (u) => new URL(u).hash === '', () => 'the fragment is cleared again');

  // A damaged link is explained and changes nothing.
  await page.goto('about:blank');
  await page.goto(`${url}#doc=v1.AAAA`);
  await page.locator('[data-testid="banner"]').waitFor();
  await expectCount(page.locator('[data-testid="notice"]').filter({ hasText: 'damaged or cut short' }), 1,
    'the damaged link message');
  assert.equal((await storedDocuments(page)).length, 3);
});

/** A 1,000-component document with 50 accepted records, built from the stored sample. */
function largeDocument(sample) {
  const doc = structuredClone(sample);
  doc.name = 'Large system (1,000 components, 50 records)';
  const web = doc.components.find((c) => c.id === 'web');
  const edge = doc.dependencies.find((d) => d.from === 'lb');
  for (let i = doc.components.length; i < 1000; i += 1) {
    const id = `svc-${String(i).padStart(4, '0')}`;
    const component = { ...structuredClone(web), id, name: `Service ${i}` };
    delete component.connection_pool;
    doc.components.push(component);
    doc.dependencies.push({ ...structuredClone(edge), id: `lb-${id}`, to: id, calls: 0.01 });
  }
  doc.decisions = [];
  for (let n = 1; n <= 50; n += 1) {
    const linked = [`svc-${String(10 + n).padStart(4, '0')}`, 'postgres'];
    doc.decisions.push({
      number: n,
      title: `Decision ${n}: scale service ${10 + n} horizontally`,
      status: 'accepted',
      date: '2024-05-01',
      decision_makers: ['Ana Souza', 'Ben Okafor'],
      context_and_problem: `Service ${10 + n} grows faster than the rest. `.repeat(8),
      decision_drivers: ['Headroom to 10×', 'Cost under $5k/month'],
      considered_options: ['More instances', 'A cache in front', 'A queue'].map((title) => ({
        title, pros: ['Simple to run'], cons: ['Costs more at 100×'],
      })),
      chosen_option: 'More instances',
      justification: 'it is the cheapest change that keeps the comfort line at 10×',
      good_consequences: ['Headroom to 20×'],
      bad_consequences: ['Twice the instances'],
      components: linked,
      guardrails: [{ component: linked[0], metric: 'utilisation', comparison: 'at_most', threshold: 0.7, at_growth: 10 }],
    });
  }
  return doc;
}

test('a 1,000-component document with 50 records is stored and reloads (size and time printed)', async ({ page, url }) => {
  await openApp(page, url);
  const [{ document: sample }] = await waitUntil(() => storedDocuments(page), (d) => d.length === 1, () => 'sample');
  const doc = largeDocument(sample);
  const dialog = await openDocuments(page);
  await chooseFile(dialog.locator('[data-testid="import-json-file"]'), 'large.json', JSON.stringify(doc), 'application/json');
  await expectText(documentName(page), doc.name, 'the large document opens', { timeout: 30_000 });
  await page.keyboard.press('Escape');
  const stored = await expectStored(page, (d) => d.name === doc.name, 'the large document stored');
  const bytes = await page.evaluate((key) => new Blob([localStorage.getItem(key)]).size, stored.key);

  const started = Date.now();
  await page.reload();
  await expectText(documentName(page), doc.name, 'the large document after a reload', { timeout: 30_000 });
  await expectCount(decisionsPanel(page).items, 50, 'its records', { timeout: 30_000 });
  await expectCount(page.locator('svg[data-testid="canvas"] g[data-component-id]'), 1000, 'its components',
    { timeout: 30_000 });
  const shown = Date.now() - started;
  const inPage = await page.evaluate(() => performance.now());
  const opened = await page.locator('[data-testid="save-state"]').getAttribute('data-opened-in-ms');
  console.log(`          large document: ${bytes} bytes stored; reload to 1,000 boxes and 50 records on screen `
    + `${shown} ms (${inPage.toFixed(0)} ms after navigation start); reading, migrating and validating it: ${opened} ms`);
  const docs = await storedDocuments(page);
  assert.equal(docs.find((d) => d.key === stored.key).document.decisions.length, 50);
});
