// Live collaboration: browsers in one room through the standard
// y-websocket relay (started here on 127.0.0.1, stopped after), and tabs
// of one browser in a room without a relay. Concurrent edits converge,
// people see who is there and what each has selected, a peer cut off
// from the relay merges on reconnect, a deletion concurrent with a new
// arrow to the deleted box is repaired and said, and the relay holds only
// sealed bytes: no component's name, on disk or in its Yjs document.

import assert from 'node:assert/strict';

import { centreOf, drag, openApp } from './app.mjs';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';
import { readRoom, startRelay, storedText } from './relay.mjs';

const CANVAS = 'svg[data-testid="canvas"]';
/** Reconnecting waits at most 10 s between attempts (ui::live_room). */
const RECONNECT = { timeout: 25_000 };
/** What Chromium logs while the relay is stopped on purpose. */
const RELAY_REFUSED = /^WebSocket connection to 'ws:\/\/127\.0\.0\.1:\d+\/[A-Za-z0-9_-]+' failed: .*ERR_CONNECTION_REFUSED$/;

const box = (page, id) => page.locator(`${CANVAS} g.node[data-component-id="${id}"]`);
const roomButton = (page) => page.locator('[data-testid="open-room"]');

/** Starts a room from the "Together…" dialog; returns its link. */
async function startRoom(page, relay, name) {
  await roomButton(page).click();
  const dialog = page.getByRole('dialog', { name: 'Work on it together, live' });
  await dialog.getByLabel('Your name, as others see it').fill(name);
  await dialog.getByLabel('Your name, as others see it').press('Tab');
  await dialog.getByLabel('Relay address').fill(relay);
  await dialog.getByRole('button', { name: 'Start a live room' }).click();
  const link = await waitUntil(() => dialog.locator('[data-testid="room-link"]').inputValue(),
    (v) => v.includes('#room='), (v) => `a room link: ${v}`);
  await dialog.getByRole('button', { name: 'Close' }).click();
  return link;
}

/** Another person: a browser context of their own, joining by the link. */
async function joinAs(page, link, name) {
  const context = await page.context().browser().newContext({ viewport: { width: 1280, height: 800 } });
  const other = await context.newPage();
  const problems = [];
  other.on('pageerror', (e) => problems.push(e.message));
  other.on('console', (m) => { if (m.type() === 'error' && !RELAY_REFUSED.test(m.text())) problems.push(m.text()); });
  await other.goto(link);
  await expectCount(other.locator(`${CANVAS} g.node`), 6, `${name} sees the room's boxes`);
  await expectText(other.locator('[data-testid="document-name"]'), 'MVP that creaks', `${name} has the room's document`);
  await roomButton(other).click();
  const dialog = other.getByRole('dialog', { name: 'Work on it together, live' });
  await dialog.getByLabel('Your name, as others see it').fill(name);
  await dialog.getByLabel('Your name, as others see it').press('Tab');
  await dialog.getByRole('button', { name: 'Close' }).click();
  return { page: other, context, problems };
}

async function rename(page, id, name) {
  await box(page, id).click();
  await box(page, id).press('Enter');
  const field = page.getByLabel('Component name', { exact: true });
  await field.fill(name);
  await field.press('Enter');
}

const nameOf = (page, id) => box(page, id).locator('.node-name').textContent();

async function connection(page, want, what, options) {
  await waitUntil(() => roomButton(page).getAttribute('data-connection'), (c) => c === want,
    (c) => `${what}: connection ${c}, expected ${want}`, options);
}

test('browsers in a room through the relay converge, see each other, merge after being cut off, and the relay reads nothing', async ({ page, url }) => {
  let relay = await startRelay();
  const others = [];
  try {
    await openApp(page, url);
    const link = await startRoom(page, relay.url, 'Ana');
    const room = new URL(link).hash.match(/room=([^.]+)\./)[1];
    assert.match(link, /#room=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}&relay=ws:\/\/127\.0\.0\.1:\d+$/, 'the key rides in the fragment');
    await connection(page, 'connected', 'Ana');

    const bo = await joinAs(page, link, 'Bo');
    others.push(bo);
    await connection(bo.page, 'connected', 'Bo');
    await expectText(roomButton(page), 'Live · 2', 'Ana sees two people in the room');

    // An edit on one side appears on the other; how long it takes, from
    // the key that commits it to the other page's drawing changing (one
    // clock: both browsers run on this machine).
    const latencies = [];
    for (const name of ['Orders DB', 'Orders database', 'Main database', 'Primary DB', 'Primary database']) {
      await bo.page.evaluate((wanted) => {
        window.seenAt = undefined;
        const watch = new MutationObserver(() => {
          const shown = document.querySelector('g.node[data-component-id="postgres"] .node-name')?.textContent;
          if (shown === wanted && window.seenAt === undefined) window.seenAt = Date.now();
        });
        watch.observe(document.querySelector('svg[data-testid="canvas"]'), { subtree: true, characterData: true, childList: true });
      }, name);
      await box(page, 'postgres').click();
      await box(page, 'postgres').press('Enter');
      const field = page.getByLabel('Component name', { exact: true });
      await field.fill(name);
      const committed = await page.evaluate(() => Date.now());
      await field.press('Enter');
      await waitUntil(() => nameOf(bo.page, 'postgres'), (t) => t === name, (t) => `Bo sees the rename to ${name}: ${t}`);
      latencies.push(await bo.page.evaluate(() => window.seenAt) - committed);
    }
    latencies.sort((x, y) => x - y);
    console.log(`    an edit reached the other browser in ${latencies.join(', ')} ms (median ${latencies[2]})`);

    // Edits at once on both sides: both stay, in both.
    const workerName = await nameOf(page, 'worker');
    await Promise.all([rename(page, 'worker', 'Job runner'), rename(bo.page, 'web', 'Storefront')]);
    for (const [who, p] of [['Ana', page], ['Bo', bo.page]]) {
      await waitUntil(() => nameOf(p, 'worker'), (t) => t === 'Job runner', (t) => `${who}: worker ${t}`);
      await waitUntil(() => nameOf(p, 'web'), (t) => t === 'Storefront', (t) => `${who}: web ${t}`);
    }
    // Undo is each person's own: Ana's undo takes back her rename, not
    // Bo's, on every page.
    await page.getByRole('button', { name: /^Undo/ }).click();
    for (const [who, p] of [['Ana', page], ['Bo', bo.page]]) {
      await waitUntil(() => nameOf(p, 'worker'), (t) => t === workerName, (t) => `${who}: Ana's rename undone: ${t}`);
      assert.equal(await nameOf(p, 'web'), 'Storefront', `${who}: Bo's rename stays`);
    }
    await page.getByRole('button', { name: /^Redo/ }).click();
    await waitUntil(() => nameOf(bo.page, 'worker'), (t) => t === 'Job runner', (t) => `Bo: Ana's redo arrives: ${t}`);

    // The growth dial stays each person's own.
    await page.locator('input#growth-input').fill('40');
    await page.locator('input#growth-input').press('Enter');
    await bo.page.waitForTimeout(300);
    assert.equal(await bo.page.locator('input#growth-input').inputValue(), '1', "Bo's dial did not move");

    // Presence: what Bo selects is outlined in Ana's drawing, with his name.
    await box(bo.page, 'redis').click();
    await waitUntil(() => box(page, 'redis').getAttribute('data-peer'), (v) => v !== null && v !== '',
      (v) => `Ana's drawing marks Bo's selection: ${v}`);
    await expectText(box(page, 'redis').locator('.node-peer-name'), 'Bo', "Bo's name under the box");

    // A third person.
    const cy = await joinAs(page, link, 'Cy');
    others.push(cy);
    await expectText(roomButton(page), 'Live · 3', 'three people in the room');
    await roomButton(page).click();
    const dialog = page.getByRole('dialog', { name: 'Work on it together, live' });
    await waitUntil(() => dialog.locator('[data-testid="room-person"]').allTextContents(),
      (list) => list.some((t) => /Bo — selected Redis/.test(t)) && list.some((t) => /^Cy/.test(t)),
      (list) => `who is in the room, as Ana sees it: ${JSON.stringify(list)}`);
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expectText(cy.page.locator(`${CANVAS} g.node[data-component-id="worker"] .node-name`), 'Job runner', 'Cy has every edit');

    // What the relay holds, read by a Yjs client (yjs from npm): sealed
    // bytes only.
    const items = await readRoom(relay.url, room);
    assert.ok(items.length >= 4, `the relay holds the room's updates (${items.length})`);
    assert.ok(items.every((item) => item instanceof Uint8Array), 'every item is bytes');
    const heldText = items.map((item) => Buffer.from(item).toString('latin1')).join('');
    for (const name of ['Primary database', 'Postgres', 'Job runner', 'Storefront', 'Redis', 'postgres']) {
      assert.ok(!heldText.includes(name), `"${name}" is readable in the relay's document`);
    }

    // The relay goes away: Ana deletes Redis while Bo draws an arrow to it.
    await relay.stop();
    await connection(page, 'offline', 'Ana without the relay');
    await connection(bo.page, 'offline', 'Bo without the relay');
    await box(page, 'redis').click();
    await page.keyboard.press('Delete');
    await expectCount(box(page, 'redis'), 0, 'Redis deleted on Ana\'s side');
    const handle = await bo.page.locator(`${CANVAS} circle[data-handle-for="lb"]`).boundingBox();
    await drag(bo.page, { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 }, await centreOf(bo.page, 'redis'));
    await expectCount(bo.page.locator(`${CANVAS} g[data-dependency-id="lb-redis"]`), 1, 'Bo drew lb → redis');
    await rename(bo.page, 'lb', 'Edge balancer');

    // Back: both merge on reconnect, the arrow to the deleted box is
    // removed, and each is told why.
    relay = await startRelay({ port: relay.port, dir: relay.dir });
    await connection(page, 'connected', 'Ana reconnected', RECONNECT);
    await connection(bo.page, 'connected', 'Bo reconnected', RECONNECT);
    for (const [who, p] of [['Ana', page], ['Bo', bo.page], ['Cy', cy.page]]) {
      await expectCount(box(p, 'redis'), 0, `${who}: the deletion stands`, RECONNECT);
      await expectCount(p.locator(`${CANVAS} g[data-dependency-id="lb-redis"]`), 0, `${who}: no arrow to the deleted box`, RECONNECT);
      await waitUntil(() => nameOf(p, 'lb'), (t) => t === 'Edge balancer', (t) => `${who}: Bo's offline rename arrived: ${t}`, RECONNECT);
    }
    for (const [who, p] of [['Ana', page], ['Bo', bo.page]]) {
      await waitUntil(() => p.locator('[data-testid="notice"]').allTextContents(),
        (all) => all.some((t) => t.includes('did not fit together') && t.includes('lb-redis')),
        (all) => `${who} is told why the arrow to the deleted box went: ${JSON.stringify(all)}`);
    }

    // On disk, the relay's LevelDB: the room is there, no name is.
    await relay.stop();
    const disk = storedText(relay.dir);
    assert.ok(disk.includes(room), 'the relay stored the room (the check reads its files)');
    for (const name of ['Primary database', 'Edge balancer', 'Job runner', 'Storefront', 'Postgres']) {
      assert.ok(!disk.includes(name), `"${name}" is readable in the relay's files`);
    }
    for (const other of others) assert.deepEqual(other.problems, [], 'no errors in the other browsers');
  } finally {
    for (const other of others) await other.context.close();
    await relay.stop();
  }
}, { allowConsoleErrors: [RELAY_REFUSED] });

test('tabs of one browser share a room without a relay, and storage raises no conflict between them', async ({ page, url }) => {
  await openApp(page, url);
  const link = await startRoom(page, '', 'Ana');
  assert.doesNotMatch(link, /relay=/, 'no relay in the link');
  await connection(page, 'tabsonly', 'the first tab');
  const second = await page.context().newPage();
  await second.goto(link);
  await expectCount(second.locator(`${CANVAS} g.node`), 6, 'the second tab has the room');
  await rename(page, 'postgres', 'Orders database');
  await waitUntil(() => nameOf(second, 'postgres'), (t) => t === 'Orders database', (t) => `second tab: ${t}`);
  await rename(second, 'web', 'Shop front');
  await waitUntil(() => nameOf(page, 'web'), (t) => t === 'Shop front', (t) => `first tab: ${t}`);
  // Both tabs save the room's document; neither is asked to choose.
  await page.waitForTimeout(1200);
  for (const p of [page, second]) {
    await expectCount(p.locator('[data-testid="conflict-dialog"]:visible'), 0, 'no conflict dialog');
    await waitUntil(() => p.locator('[data-testid="save-state"]').getAttribute('data-state'), (s) => s === 'saved', (s) => `saved: ${s}`);
  }
  // A reload rejoins the room with everything.
  await second.reload();
  await waitUntil(() => nameOf(second, 'web'), (t) => t === 'Shop front', (t) => `after a reload: ${t}`);
  await rename(second, 'worker', 'Mailer');
  await waitUntil(() => nameOf(page, 'worker'), (t) => t === 'Mailer', (t) => `after the reload, edits still reach the first tab: ${t}`);
  // Leaving keeps the document and stops following.
  await roomButton(second).click();
  await second.getByRole('button', { name: 'Leave the room' }).click();
  await connection(second, 'alone', 'left');
  assert.doesNotMatch(second.url(), /room=/, 'the room left the address');
  await second.close();
});
