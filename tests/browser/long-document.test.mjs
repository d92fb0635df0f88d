// A document past 300 components (the generated model, `#bench=400`): its
// scenario's component pickers are fields that suggest from one shared list
// instead of a select of every component each, a name or an id typed in
// chooses, and anything else is refused with a message and changes nothing.

import assert from 'node:assert/strict';

import { storedDocuments } from './app.mjs';
import { expectCount, expectInputValue, expectVisible, test, waitUntil } from './harness.mjs';

const N = 400;

test('a long document picks components by typing, from one shared list of suggestions', async ({ page, url }) => {
  await page.goto(`${url}#bench=${N}`);
  await expectCount(page.locator('svg[data-testid="canvas"] g[data-component-id]'), N, 'every box drawn', { timeout: 60_000 });
  await page.getByRole('link', { name: 'Scenario', exact: true }).click();
  const picker = page.locator('#entry-0-component');
  await expectVisible(picker, 'the first entry point\'s picker', { timeout: 60_000 });
  assert.equal(await picker.evaluate((el) => el.tagName), 'INPUT', 'a field, not a select of 400');
  assert.equal(await picker.getAttribute('list'), 'entry-component-choices');
  await expectCount(page.locator('datalist#entry-component-choices option'), N, 'one suggestion per component');
  assert.equal(await page.locator('[data-testid="entries"] select[id$="-component"]').count(), 0, 'no entry picker is a select');
  assert.equal(await page.getByLabel('Entry 1', { exact: true }).count(), 1, 'the field is labelled');

  const stored = async () => (await storedDocuments(page)).map((d) => d.document).find((d) => d?.components?.length === N);
  const first = await waitUntil(stored, (d) => d !== undefined, () => 'the generated document is stored');
  const before = first.scenario.entries[0].component;
  const other = first.components.find((c) => c.id !== before);

  // A name that is nobody's: refused, said, nothing stored changes.
  await picker.fill('no such component');
  await picker.press('Enter');
  await picker.blur();
  const message = page.locator('#entry-0-component ~ .field-message');
  await expectVisible(message, 'the refusal');
  assert.match(await message.textContent(), /no component has the id or name “no such component”/);
  assert.equal((await stored()).scenario.entries[0].component, before);

  // The other component's id: chosen and stored; the message goes.
  await picker.fill(other.id);
  await picker.blur();
  await waitUntil(async () => (await stored()).scenario.entries[0].component, (id) => id === other.id,
    () => `entry 1 enters at ${other.id}`);
  await expectInputValue(picker, (v) => v === other.id, 'the field shows the chosen id');
  assert.equal(await message.isHidden(), true, 'the refusal is gone');
});
