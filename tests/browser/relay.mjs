// A room's relay for the browser tests: the standard y-websocket server
// (@y/websocket-server from npm, as a team runs it), started on 127.0.0.1
// with its LevelDB persistence in a temporary folder, and stopped by the
// test. `readRoom` reads what the relay holds of a room the way any Yjs
// client would (yjs and y-protocols from npm, over the sync protocol):
// the check that Headroom's frames are what real Yjs reads, and that the
// relay holds sealed bytes only.

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import WebSocket from 'ws';
import * as Y from 'yjs';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SERVER = join(ROOT, 'node_modules', '@y', 'websocket-server', 'src', 'server.js');

async function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the relay; `{ url, dir, stop }`. `port` and `dir` start it again
 * where a stopped one was, with what it kept.
 */
export async function startRelay({ port, dir } = {}) {
  const where = dir ?? mkdtempSync(join(tmpdir(), 'headroom-relay-'));
  const at = port ?? await freePort();
  const child = spawn(process.execPath, [SERVER], {
    env: { ...process.env, HOST: '127.0.0.1', PORT: String(at), YPERSISTENCE: where },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the relay did not start: ${output}`)), 10_000);
    const listen = (chunk) => {
      output += chunk;
      if (output.includes('running at')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', listen);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the relay exited (${code}): ${output}`));
    });
  });
  const stop = () => new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', resolve);
    child.kill('SIGTERM');
  });
  return { url: `ws://127.0.0.1:${at}`, port: at, dir: where, stop };
}

/** Everything the relay's LevelDB files hold, as one latin1 string. */
export function storedText(dir) {
  return readdirSync(dir).map((name) => readFileSync(join(dir, name)).toString('latin1')).join('\n');
}

/**
 * The room's document as the relay holds it, read by a Yjs client: the
 * items of its `sealed` list.
 */
export async function readRoom(relayUrl, room) {
  const doc = new Y.Doc();
  const socket = new WebSocket(`${relayUrl}/${room}`);
  socket.binaryType = 'arraybuffer';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the relay did not answer a Yjs client')), 10_000);
    socket.on('error', reject);
    socket.on('open', () => {
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0);
      syncProtocol.writeSyncStep1(encoder, doc);
      socket.send(encoding.toUint8Array(encoder));
    });
    socket.on('message', (data) => {
      const decoder = decoding.createDecoder(new Uint8Array(data));
      if (decoding.readVarUint(decoder) !== 0) return;
      const reply = encoding.createEncoder();
      const kind = syncProtocol.readSyncMessage(decoder, reply, doc, null);
      if (kind === syncProtocol.messageYjsSyncStep2) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  socket.close();
  return doc.getArray('sealed').toArray();
}
