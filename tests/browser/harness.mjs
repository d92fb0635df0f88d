// What browser tests import: `test` to register a test, and small waiting
// assertions (Playwright's `expect` lives in @playwright/test, which we do not
// install). run.mjs runs the registered tests.
//
// A test is `test(name, async ({ page, url }) => { ... })`: `page` is a fresh
// Playwright page in a fresh browser context, `url` is the built app's
// address (under a sub-path). The runner fails the test, whatever its body
// says, if the page logs a console error, throws, violates its
// Content-Security-Policy, or a request fails.

import { inspect } from 'node:util';

/** @type {{ name: string, body: Function, allowConsoleErrors: RegExp[], file?: string }[]} */
export const registered = [];

/**
 * Registers a browser test. `allowConsoleErrors` lists patterns of console
 * errors the test causes on purpose (the browser logs a websocket refused
 * while a test has stopped the relay); any other still fails it.
 */
export function test(name, body, { allowConsoleErrors = [] } = {}) {
  registered.push({ name, body, allowConsoleErrors });
}

/** How long the waiting assertions wait before failing, in milliseconds. */
export const DEFAULT_TIMEOUT = 10_000;

/**
 * Waits until `probe()` returns a value for which `accept(value)` holds and
 * returns that value; throws `describe(lastValue)` after `timeout` ms.
 * `probe` may be async and may throw (a throw counts as "not yet").
 */
export async function waitUntil(probe, accept, describe, { timeout = DEFAULT_TIMEOUT } = {}) {
  const deadline = Date.now() + timeout;
  let last;
  let lastError;
  for (;;) {
    try {
      last = await probe();
      lastError = undefined;
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = lastError ? `error: ${lastError.message.split('\n')[0]}` : inspect(last);
      throw new Error(`${describe(last)} (waited ${timeout} ms; last seen: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits until the locator's trimmed text content equals `expected` (or matches it, a RegExp). */
export function expectText(locator, expected, what, options) {
  return waitUntil(
    async () => (await locator.textContent({ timeout: 1_000 }))?.trim(),
    (text) => (expected instanceof RegExp ? typeof text === 'string' && expected.test(text) : text === expected),
    () => `${what}: expected text ${inspect(expected)}`,
    options,
  );
}

/** Waits until the locator matches exactly `expected` elements. */
export function expectCount(locator, expected, what, options) {
  return waitUntil(
    () => locator.count(),
    (count) => count === expected,
    (count) => `${what}: expected ${expected} element(s), found ${count}`,
    options,
  );
}

/** Waits until the locator's single element is visible. */
export function expectVisible(locator, what, options) {
  return waitUntil(
    () => locator.isVisible(),
    (visible) => visible === true,
    () => `${what}: expected to be visible`,
    options,
  );
}

/** Waits until `value(locator's input value)` satisfies `accept`. */
export function expectInputValue(locator, accept, what, options) {
  return waitUntil(
    () => locator.inputValue({ timeout: 1_000 }),
    accept,
    (value) => `${what}: unexpected input value ${inspect(value)}`,
    options,
  );
}
