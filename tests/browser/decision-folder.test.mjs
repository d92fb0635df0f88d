// A decisions folder read and written in place. Headless Chromium shows no
// folder picker, so the picker hands over a real directory of the origin's
// private file system (a FileSystemDirectoryHandle like any other): the
// repository's root, holding docs/decisions with records in two formats
// and a README. Opening keeps their numbers and file names; a change is
// written back to its own file only; a file edited outside is noticed when
// the window regains focus, never overwritten, and read back on request.

import assert from 'node:assert/strict';

import { expectStored, openApp } from './app.mjs';
import { expectText, test, waitUntil } from './harness.mjs';

const MADR = `---
status: accepted
date: 2024-01-10
decision-makers:
  - Ana
---

# Use Postgres for orders

## Context and Problem Statement

Orders need transactions.

## Considered Options

* Postgres

## Decision Outcome

Chosen option: "Postgres", because the team knows it.

## Notes the team keeps

A section Headroom does not model.
`;

const NYGARD = `# 7. Queue the e-mails

Date: 2024-02-01

## Status

Proposed

## Context

Sending mail in the request is slow.

## Decision

Put a queue in front of the mailer.

## Consequences

Mail goes out a little later.
`;

/** Makes the picker return `repo/` of the private file system, filled with `files` under docs/decisions. */
async function stubPicker(page, files) {
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('repo', { recursive: true }).catch(() => {});
    const repo = await root.getDirectoryHandle('repo', { create: true });
    const docs = await repo.getDirectoryHandle('docs', { create: true });
    const folder = await docs.getDirectoryHandle('decisions', { create: true });
    for (const [name, text] of Object.entries(files)) {
      const handle = await folder.getFileHandle(name, { create: true });
      const stream = await handle.createWritable();
      await stream.write(text);
      await stream.close();
    }
    window.showDirectoryPicker = async () => repo;
  }, files);
}

const readFolder = (page) => page.evaluate(async () => {
  const root = await navigator.storage.getDirectory();
  const folder = await (await (await root.getDirectoryHandle('repo')).getDirectoryHandle('docs')).getDirectoryHandle('decisions');
  const out = {};
  for await (const entry of folder.values()) {
    out[entry.name] = { text: await (await entry.getFile()).text(), modified: (await entry.getFile()).lastModified };
  }
  return out;
});

const writeOutside = (page, name, text) => page.evaluate(async ({ name, text }) => {
  const root = await navigator.storage.getDirectory();
  const folder = await (await (await root.getDirectoryHandle('repo')).getDirectoryHandle('docs')).getDirectoryHandle('decisions');
  const stream = await (await folder.getFileHandle(name)).createWritable();
  await stream.write(text);
  await stream.close();
}, { name, text });

test('a decisions folder opens in place, gets only its changed records written back, and notices edits made outside', async ({ page, url }) => {
  await openApp(page, url);
  await stubPicker(page, {
    '0001-use-postgres.md': MADR,
    '0007-queue-the-e-mails.md': NYGARD,
    'README.md': '# Decisions\n',
  });
  const panel = page.locator('[data-testid="decisions"]');
  await panel.locator('[data-testid="open-decision-folder"]').click();
  const message = panel.locator('[data-testid="decisions-message"]');
  await expectText(message, /^Opened repo\/docs\/decisions: 2 records \(1 file read as MADR 4, 1 file read as Nygard \(adr-tools\)\)\. Passed over: README\.md/, 'what was opened');
  await expectText(panel.locator('[data-testid="decision-folder-name"]'), 'Folder: repo/docs/decisions (2 record files)', 'the folder named');
  const items = panel.locator('[data-testid="decision-item"]');
  await waitUntil(() => items.evaluateAll((els) => els.map((e) => e.dataset.number)), (numbers) => numbers.includes('1') && numbers.includes('7'), () => 'both records listed with their own numbers');
  const before = await readFolder(page);

  // Accept ADR-0007 in the page, then write: only its file changes.
  await items.and(page.locator('[data-number="7"]')).click();
  await panel.locator('[data-testid="decision-editor"] [data-testid="decision-status"]').selectOption('accepted');
  await panel.locator('[data-testid="write-decision-folder"]').click();
  await expectText(message, /^Wrote 0007-queue-the-e-mails\.md\. 1 unchanged\./, 'only the changed record is written');
  const after = await readFolder(page);
  assert.equal(after['0001-use-postgres.md'].text, MADR, 'the untouched record keeps every word, its own section too');
  assert.equal(after['README.md'].text, before['README.md'].text);
  assert.match(after['0007-queue-the-e-mails.md'].text, /^# 7\. Queue the e-mails/m, 'still in its own layout');
  assert.match(after['0007-queue-the-e-mails.md'].text, /## Status\s+Accepted/);

  // Someone edits ADR-0001 in their editor; back in the window, Headroom says so.
  await writeOutside(page, '0001-use-postgres.md', MADR.replace('Orders need transactions.', 'Orders need transactions and audits.'));
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expectText(message, /^Changed outside Headroom: 0001-use-postgres\.md\./, 'the outside edit is noticed');
  await expectText(panel.locator('[data-testid="read-decision-folder"]'), 'Read changes from the folder (1)', 'and counted');
  await panel.locator('[data-testid="write-decision-folder"]').click();
  await expectText(message, /Not overwritten, changed outside Headroom since it read them: 0001-use-postgres\.md/, 'never overwritten');
  assert.match((await readFolder(page))['0001-use-postgres.md'].text, /and audits/);
  await panel.locator('[data-testid="read-decision-folder"]').click();
  await expectText(message, 'Read again from the folder: 0001-use-postgres.md.', 'read back on request');
  await expectStored(page, (doc) => doc.decisions?.find((r) => r.number === 1)?.context_and_problem === 'Orders need transactions and audits.',
    'the record now says what the file says');
});
