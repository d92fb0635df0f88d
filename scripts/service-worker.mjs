// Writes dist's service worker: web/service-worker.js with the build's
// version and file list filled in, saved as sw.js beside index.html.
//
// Run by scripts/post-build.mjs (a Trunk post_build hook) on the staged
// build, or by hand on any built folder:
//   node scripts/service-worker.mjs dist
//
// The version is a hash of every file's name and bytes, so any change to
// any file gives a new sw.js, which is how a browser learns of a deploy.
// The same build gives the same sw.js.

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const WORKER_FILE = 'sw.js';
const TEMPLATE = join(dirname(fileURLToPath(import.meta.url)), '..', 'web', 'service-worker.js');

/** Every file under `dir`, as sorted paths relative to it with "/" separators. */
function filesUnder(dir) {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else found.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return found.filter((file) => file !== WORKER_FILE).sort();
}

/** Writes `dir`/sw.js for the build in `dir`; returns its version and files. */
export function writeServiceWorker(dir) {
  const files = filesUnder(dir);
  if (!files.includes('index.html')) throw new Error(`${dir} has no index.html: is it a build?`);
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file).update('\0').update(readFileSync(join(dir, file))).update('\0');
  }
  const version = hash.digest('hex').slice(0, 16);
  const template = readFileSync(TEMPLATE, 'utf8');
  if (!template.includes("'BUILD_VERSION'") || !template.includes('BUILD_FILES;')) {
    throw new Error(`${TEMPLATE} lost its BUILD_VERSION or BUILD_FILES placeholder`);
  }
  const worker = template
    .replace("'BUILD_VERSION'", JSON.stringify(version))
    .replace('BUILD_FILES;', `${JSON.stringify(files, null, 2)};`);
  writeFileSync(join(dir, WORKER_FILE), worker);
  return { version, files };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/service-worker.mjs BUILD_DIR');
    process.exit(2);
  }
  try {
    const { version, files } = writeServiceWorker(dir);
    console.log(`service-worker: ${join(dir, WORKER_FILE)}: version ${version}, ${files.length} files cached`);
  } catch (error) {
    console.error(`service-worker: ${error.message}`);
    process.exit(1);
  }
}
