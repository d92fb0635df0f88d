// The browser tests' oracle: what the engine predicts, asked of the native
// command line (`headroom report`), which formats its text with the same
// Rust functions the page uses. A test compares the page with these strings
// exactly, so a page that renders different numbers fails.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const cache = new Map();

/**
 * The engine's report on the built-in sample at `growth`:
 * `{ growth, headline, components: [{ id, name, utilisation_text, status, ... }], report }`.
 */
export function sampleReport(growth) {
  const key = String(growth);
  if (!cache.has(key)) cache.set(key, runReport(['--sample', '--growth', key]));
  return cache.get(key);
}

/** The engine's report on template `id` (model::templates) at `growth`. */
export function templateReport(id, growth) {
  const key = `template:${id}:${growth}`;
  if (!cache.has(key)) cache.set(key, runReport(['--template', id, '--growth', String(growth)]));
  return cache.get(key);
}

/** The sample's row for component `id` at `growth`. */
export function sampleComponent(growth, id) {
  const row = sampleReport(growth).components.find((component) => component.id === id);
  if (!row) throw new Error(`the engine's report at ${growth}x has no component "${id}"`);
  return row;
}

/**
 * The engine's report on the sample changed the way a test changes the page:
 * `set` is a list of `COMPONENT.FIELD=VALUE` (e.g. `redis.hit_ratio=0.95`),
 * `scenario` a list of `FIELD=VALUE` (e.g. `peak_factor=2`, values in JSON).
 */
export function editedSampleReport({ growth = 1, set = [], scenario = [] } = {}) {
  return editedReport(['--sample'], { growth, set, scenario });
}

/** Like `editedSampleReport`, on template `id` (model::templates). */
export function editedTemplateReport(id, { growth = 1, set = [], scenario = [] } = {}) {
  return editedReport(['--template', id], { growth, set, scenario });
}

function editedReport(source, { growth, set, scenario }) {
  const args = [...source, '--growth', String(growth)];
  for (const assignment of set) args.push('--set', assignment);
  for (const assignment of scenario) args.push('--scenario', assignment);
  const key = JSON.stringify(args);
  if (!cache.has(key)) cache.set(key, runReport(args));
  return cache.get(key);
}

/**
 * Runs the native command line with `args` and returns what it printed.
 * The debug build: `cargo test` has compiled it, and these models are small.
 */
export function cli(args) {
  const command = ['run', '--quiet', '--', ...args];
  try {
    return execFileSync('cargo', command, {
      cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20,
    });
  } catch (error) {
    throw new Error(`the engine oracle failed: cargo ${command.join(' ')}\n${error.stderr ?? error.message}`);
  }
}

function runReport(args) {
  const command = ['report', ...args];
  const stdout = cli(command);
  let report;
  try {
    report = JSON.parse(stdout);
  } catch (error) {
    throw new Error(`cargo ${command.join(' ')} did not print JSON (${error.message}):\n${stdout.slice(0, 500)}`);
  }
  if (typeof report.headline !== 'string' || !Array.isArray(report.components)
      || report.components.some((row) => typeof row.id !== 'string' || typeof row.utilisation_text !== 'string')) {
    throw new Error(`cargo ${command.join(' ')} printed JSON without headline / components[].{id,utilisation_text}`);
  }
  return report;
}
