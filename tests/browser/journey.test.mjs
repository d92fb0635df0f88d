// The newcomer's journey, replayed and counted: from a blank document to a
// seven-part system (a load balancer, two services, Postgres with a
// replica, Redis, a queue and a worker), connected and given capacities,
// with the traffic entering at the balancer. Every click, drag and typed
// field is one action; the test prints the count (the journey
// took about 64 before) and checks that what was drawn is what was meant:
// the balancer splits its 200 req/s, nothing is flagged, names are unique.
// Expected loads come from the native CLI on the stored document.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { openApp, storedDocuments } from './app.mjs';
import { cli } from './engine.mjs';
import { expectCount, expectText, test, waitUntil } from './harness.mjs';

const CANVAS = 'svg[data-testid="canvas"]';
const node = (page, id) => page.locator(`${CANVAS} g[data-component-id="${id}"]`);

test('blank document to a seven-part system: counted actions, the balancer splits, nothing is flagged', async ({ page, url }) => {
  let actions = 0;
  const act = async (what) => {
    actions += 1;
    await what();
  };
  const centreOf = async (id) => {
    const box = await node(page, id).locator('rect.node-box').boundingBox();
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const connect = async (from, to) => {
    const handle = await page.locator(`${CANVAS} circle[data-handle-for="${from}"]`).boundingBox();
    const start = { x: handle.x + handle.width / 2, y: handle.y + handle.height / 2 };
    const end = await centreOf(to);
    await act(async () => {
      await page.mouse.move(start.x, start.y);
      await page.mouse.down();
      for (let i = 1; i <= 12; i += 1) await page.mouse.move(start.x + ((end.x - start.x) * i) / 12, start.y + ((end.y - start.y) * i) / 12);
      await page.mouse.up();
    });
    await expectText(page.locator('#inspector-heading'), 'Dependency', `${from} → ${to} connected`);
  };
  const type = async (field, value) => act(async () => {
    const input = typeof field === 'string' ? page.locator(field) : field;
    await input.fill(String(value));
    await input.press('Enter');
  });

  await openApp(page, url);
  await act(() => page.getByRole('button', { name: 'Documents…' }).click());
  await act(() => page.getByTestId('new-blank').click());
  await expectCount(page.locator(`${CANVAS} g[data-component-id]`), 0, 'a blank document');

  // Seven boxes from the palette, each given its capacity as it opens.
  const ids = {};
  const add = async (key, label, fields) => {
    await act(() => page.getByRole('button', { name: `Add ${label}`, exact: true }).click());
    const id = await waitUntil(() => page.locator(`${CANVAS} g[data-component-id][aria-selected="true"]`).getAttribute('data-component-id', { timeout: 1000 }),
      (v) => v && !Object.values(ids).includes(v), () => `the new ${label} is selected`);
    ids[key] = id;
    for (const [selector, value] of fields) await type(selector, value);
  };
  await add('lb', 'Load balancer', []);
  await add('web1', 'Service', [['#inspector-instances', 2], ['#inspector-throughput-per-instance', 150]]);
  await add('web2', 'Service', [['#inspector-instances', 2], ['#inspector-throughput-per-instance', 150]]);
  await add('db', 'Relational database', [['#inspector-throughput-per-instance', 800]]);
  await type(page.getByLabel('Read replicas', { exact: true }), 1);
  await add('cache', 'Cache', []);
  await add('queue', 'Queue', []);
  await add('worker', 'Worker pool', [['#inspector-instances', 2]]);
  await act(() => page.getByRole('button', { name: 'Fit', exact: true }).click());

  await connect(ids.lb, ids.web1);
  await connect(ids.lb, ids.web2);
  await connect(ids.web1, ids.cache);
  await connect(ids.web2, ids.cache);
  await connect(ids.cache, ids.db);
  await connect(ids.web1, ids.queue);
  await connect(ids.queue, ids.worker);
  await connect(ids.worker, ids.db);

  // Traffic enters at the balancer.
  await page.getByRole('link', { name: 'Scenario', exact: true }).click();
  await act(() => page.locator('[data-action="add-entry"]').click());
  await act(() => page.locator('#entry-0-component').selectOption(ids.lb));
  await type('#entry-0-rate', 200);

  console.log(`journey: ${actions} actions from a blank document to the seven-part system`);

  // What was drawn is what was meant.
  const stored = await waitUntil(async () => (await storedDocuments(page)).map((d) => d.document)
    .find((d) => d?.components?.length === 7 && d.dependencies?.length === 8 && d.scenario?.entries?.[0]?.rate === 200),
  (d) => d !== undefined, () => 'the seven-part system is stored');
  const names = stored.components.map((c) => c.name);
  assert.equal(new Set(names).size, names.length, `every box has its own name: ${names}`);
  const file = join(mkdtempSync(join(tmpdir(), 'headroom-journey-')), 'doc.json');
  writeFileSync(file, JSON.stringify(stored));
  const report = JSON.parse(cli(['report', file]));
  const load = (id) => report.components.find((c) => c.id === id).load_text;
  assert.deepEqual([load(ids.lb), load(ids.web1), load(ids.web2)], ['200 req/s', '100 req/s', '100 req/s'],
    'the balancer splits its 200 req/s into 100 + 100');
  assert.deepEqual(report.suspicions ?? [], [], 'nothing drawn looks unintended');
  assert.ok(actions <= 40, `the journey takes ${actions} actions`);
});
