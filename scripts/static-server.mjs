// A small static file server for the built page (dist/), used by
// scripts/serve.sh and by the browser tests. Node only, no dependencies.
//
//   node scripts/static-server.mjs [--root dist] [--prefix /] [--host 127.0.0.1] [--port 8080]
//
// --prefix serves the files under a sub-path (e.g. /headroom/), the way a
// static host would, so the tests prove the page uses only relative URLs:
// anything outside the prefix is a 404.

import { createServer } from 'node:http';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `root` under `prefix` (which starts and ends with "/").
 * Resolves to `{ url, server, close() }` once listening; port 0 picks a free port.
 */
export async function startStaticServer({
  root = 'dist', prefix = '/', host = '127.0.0.1', port = 0, log = () => {},
} = {}) {
  const rootDir = resolve(root);
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
    throw new Error(`prefix must start and end with "/": ${prefix}`);
  }

  const server = createServer(async (request, response) => {
    const send = (status, body, headers = {}) => {
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
      response.end(body);
      log(`${status} ${request.method} ${request.url}`);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return send(405, 'method not allowed\n', { allow: 'GET, HEAD' });
    }
    let path;
    try {
      path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    } catch {
      return send(400, 'bad request\n');
    }
    if (path === prefix.slice(0, -1) && prefix !== '/') {
      return send(301, 'moved\n', { location: prefix });
    }
    if (!path.startsWith(prefix)) return send(404, `not found (the page is under ${prefix})\n`);

    let file = join(rootDir, path.slice(prefix.length));
    if (file !== rootDir && !file.startsWith(rootDir + sep)) return send(404, 'not found\n');
    try {
      let info = await stat(file);
      if (info.isDirectory()) {
        if (!path.endsWith('/')) return send(301, 'moved\n', { location: `${path}/` });
        file = join(file, 'index.html');
        info = await stat(file);
      }
      response.writeHead(200, {
        'content-type': TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': info.size,
        // Rebuilds keep some names (index.html); never let a test see a stale copy.
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      log(`200 ${request.method} ${request.url}`);
      if (request.method === 'HEAD') return response.end();
      createReadStream(file).pipe(response);
    } catch {
      send(404, 'not found\n');
    }
  });

  await new Promise((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(port, host, resolveListen);
  });
  const address = server.address();
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}${prefix}`,
    server,
    close: () => new Promise((done) => {
      server.closeAllConnections?.();
      server.close(() => done());
    }),
  };
}

function parseArguments(argv) {
  const options = { root: 'dist', prefix: '/', host: '127.0.0.1', port: 8080 };
  for (let i = 0; i < argv.length; i += 1) {
    const [name, value] = [argv[i], argv[i + 1]];
    switch (name) {
      case '--root': options.root = value; i += 1; break;
      case '--prefix': options.prefix = value; i += 1; break;
      case '--host': options.host = value; i += 1; break;
      case '--port': options.port = Number(value); i += 1; break;
      default:
        console.error(`unknown argument ${name}\nusage: node scripts/static-server.mjs [--root DIR] [--prefix /PATH/] [--host HOST] [--port PORT]`);
        process.exit(2);
    }
  }
  return options;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const options = parseArguments(process.argv.slice(2));
  try {
    const { url, close } = await startStaticServer(options);
    console.log(`Headroom is being served at ${url}  (Ctrl+C to stop)`);
    const stop = async () => { await close(); process.exit(0); };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  } catch (error) {
    const hint = error.code === 'EADDRINUSE'
      ? ` (port ${options.port} is taken: choose another with PORT=8081)` : '';
    console.error(`static-server: cannot listen on ${options.host}:${options.port}${hint}: ${error.message}`);
    process.exit(1);
  }
}
