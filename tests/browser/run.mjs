// Runs the browser tests (tests/browser/*.test.mjs) against the built page.
//
//   node tests/browser/run.mjs [NAME-FILTER]
//
// Serves dist/ (build it first: `trunk build --release`, or scripts/test.sh)
// under a sub-path, http://127.0.0.1:<free port>/headroom/, launches the
// system Chromium through playwright-core, and runs each test in a fresh
// browser context. Besides its own assertions, a test fails if the page logs
// a console error, throws an uncaught error, violates its CSP, or a request
// fails or answers 4xx/5xx. On failure a screenshot and the page's console
// go to tests/browser/artifacts/.
//
// Environment: HEADROOM_DIST (default dist), CHROMIUM_BIN (default
// /usr/bin/chromium), HEADROOM_TEST_TIMEOUT (ms per test, default 60000).

import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

import { startStaticServer } from '../../scripts/static-server.mjs';
import { registered } from './harness.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = process.env.HEADROOM_DIST ?? join(ROOT, 'dist');
const ARTIFACTS = join(HERE, 'artifacts');
const CHROMIUM = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium';
const TEST_TIMEOUT = Number(process.env.HEADROOM_TEST_TIMEOUT ?? 60_000);
const SUB_PATH = '/headroom/';

// Flags for headless Chromium on a CI machine (as root, no GPU, no network
// chatter). Playwright adds --headless and --no-sandbox itself and gives every
// launch a fresh, temporary user-data-dir.
const CHROMIUM_ARGS = [
  '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

// Registered before any page script runs: a CSP violation becomes a console
// error with the blocked URI, even where Chromium's own message is terse.
const REPORT_CSP_VIOLATIONS = `
  document.addEventListener('securitypolicyviolation', (event) => {
    console.error('CSP violation: ' + event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline code')
      + ' at ' + event.sourceFile + ':' + event.lineNumber);
  });`;

async function main() {
  const filter = process.argv[2];
  if (!existsSync(join(DIST, 'index.html'))) {
    fail(`${DIST}/index.html does not exist: build the page first (trunk build --release, or bash scripts/test.sh)`);
  }
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: run bash scripts/setup.sh`);

  const files = readdirSync(HERE).filter((name) => name.endsWith('.test.mjs')).sort();
  for (const file of files) {
    const before = registered.length;
    await import(pathToFileURL(join(HERE, file)).href);
    for (const entry of registered.slice(before)) entry.file = file;
  }
  const tests = registered.filter(({ name, file }) => !filter || `${file} ${name}`.includes(filter));
  if (tests.length === 0) fail(`no browser tests found${filter ? ` matching "${filter}"` : ''} in ${HERE}`);

  // Artifacts describe this run only.
  rmSync(ARTIFACTS, { recursive: true, force: true });
  const server = await startStaticServer({ root: DIST, prefix: SUB_PATH });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  console.log(`browser tests: ${tests.length} test(s), ${browser.version()} , page at ${server.url}`);

  const failures = [];
  try {
    for (const entry of tests) {
      const started = Date.now();
      const problems = await runOne(browser, server.url, entry);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (problems.length === 0) {
        console.log(`  ok    ${entry.file} > ${entry.name} (${seconds} s)`);
      } else {
        console.log(`  FAIL  ${entry.file} > ${entry.name} (${seconds} s)`);
        for (const problem of problems) console.log(indent(problem, '          '));
        failures.push(entry);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  console.log(`browser tests: ${tests.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length > 0) {
    console.log(`screenshots and console logs of the failures: ${ARTIFACTS}`);
    process.exit(1);
  }
}

/** Runs one test in a fresh context; returns its problems (empty when it passed). */
async function runOne(browser, url, entry) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript({ content: REPORT_CSP_VIOLATIONS });
  const page = await context.newPage();
  // The page's problems, in the order they happened. The first one ends the
  // test half a second later (time for related messages to arrive) rather
  // than letting it wait for an element that will never appear.
  const problems = [];
  let reportProblem;
  const pageProblem = new Promise((resolve) => { reportProblem = resolve; });
  problems.push = (...items) => {
    reportProblem();
    return Array.prototype.push.apply(problems, items);
  };
  const consoleLog = [];
  page.on('console', (message) => {
    const location = message.location();
    const where = location?.url ? ` (${location.url}:${location.lineNumber})` : '';
    consoleLog.push(`[${message.type()}] ${message.text()}${where}`);
    const allowed = (entry.allowConsoleErrors ?? []).some((pattern) => pattern.test(message.text()));
    if (message.type() === 'error' && !allowed) problems.push(`console error: ${message.text()}${where}`);
  });
  page.on('pageerror', (error) => {
    consoleLog.push(`[pageerror] ${error.stack ?? error.message}`);
    problems.push(`uncaught error in the page: ${error.stack ?? error.message}`);
  });
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.method()} ${request.url()} (${request.failure()?.errorText})`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  page.on('crash', () => problems.push('the page crashed'));

  let timer;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`test timed out after ${TEST_TIMEOUT} ms`)), TEST_TIMEOUT);
    });
    const stopOnProblem = pageProblem
      .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
      .then(() => {
        const stop = new Error('stopped: the page reported the problem(s) listed above');
        stop.stack = stop.message; // where the runner stopped is of no interest
        throw stop;
      });
    await Promise.race([entry.body({ page, url }), timeout, stopOnProblem]);
    // Errors logged by the last interaction arrive a little after it.
    await page.waitForTimeout(100);
  } catch (error) {
    // After the page's own problems, which usually explain the failure.
    Array.prototype.push.call(problems, stripAnsi(error.stack ?? error.message));
  } finally {
    clearTimeout(timer);
  }

  if (problems.length > 0) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const slug = `${entry.file.replace(/\.test\.mjs$/, '')}--${entry.name}`
      .toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    try {
      await page.screenshot({ path: join(ARTIFACTS, `${slug}.png`), fullPage: true, timeout: 5_000 });
    } catch (error) {
      problems.push(`(no screenshot: ${error.message.split('\n')[0]})`);
    }
    writeFileSync(join(ARTIFACTS, `${slug}.log`),
      [`${entry.file} > ${entry.name}`, '', 'Problems:', ...problems, '', 'Console:', ...consoleLog, ''].join('\n'));
  }
  await context.close();
  return problems;
}

function stripAnsi(text) {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\u001b\[[0-9;]*m/g, '');
}

function indent(text, prefix) {
  return text.split('\n').map((line) => prefix + line).join('\n');
}

function fail(message) {
  console.error(`browser tests: ${message}`);
  process.exit(1);
}

await main();
