// Trunk's post_build hook (Trunk.toml): finishes the staged build before
// Trunk moves it to dist/. In this order, because the worker's version
// hashes the finished index.html:
//   1. the Content-Security-Policy names the inline loader's hash
//      (scripts/csp-hashes.mjs);
//   2. sw.js lists every file of the build (scripts/service-worker.mjs).

import { join } from 'node:path';

import { hashInlineScripts } from './csp-hashes.mjs';
import { WORKER_FILE, writeServiceWorker } from './service-worker.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (this runs as a Trunk hook; by hand, run the two scripts it names)');
  process.exit(2);
}
try {
  console.log(hashInlineScripts(join(staging, 'index.html')));
  const { version, files } = writeServiceWorker(staging);
  console.log(`service-worker: ${WORKER_FILE}: version ${version}, ${files.length} files cached`);
} catch (error) {
  console.error(`post-build: ${error.message}`);
  process.exit(1);
}
