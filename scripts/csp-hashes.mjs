// Adds the SHA-256 hashes of a built page's inline scripts (and inline style
// elements, if any) to the Content-Security-Policy <meta> tag, so the policy
// can allow Trunk's inline wasm loader without 'unsafe-inline'.
//
// Run on the staged page by scripts/post-build.mjs (a Trunk post_build hook),
// or by hand on any built page:
//   node scripts/csp-hashes.mjs dist/index.html
//
// Running it twice gives the same file: hashes already in the policy are
// replaced, not appended. It fails, naming the reason, when the page has no
// policy or when the policy would allow inline scripts.

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The page being worked on, named in every message.
let file;

/** Hashes `page`'s inline scripts into its policy, in place; returns what it did. */
export function hashInlineScripts(page) {
  file = page;
  const html = readFileSync(file, 'utf8');
  const updated = addHashes(html);
  if (updated !== html) writeFileSync(file, updated);
  return `csp-hashes: ${file}: ${describe(updated)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (!process.argv[2]) fail('usage: node scripts/csp-hashes.mjs PAGE.html');
  console.log(hashInlineScripts(process.argv[2]));
}

/** Returns `html` with its policy's script-src and style-src naming every inline element. */
function addHashes(html) {
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/i;
  const found = html.match(meta);
  if (!found) fail(`${file}: no <meta http-equiv="Content-Security-Policy" content="..."> found`);

  const scripts = inlineBodies(html, 'script');
  const styles = inlineBodies(html, 'style');
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(html.replace(/<script\b[\s\S]*?<\/script>/gi, ''))) {
    fail(`${file}: an inline event handler attribute (on...=) cannot be allowed by a hash`);
  }

  let policy = parsePolicy(found[1]);
  policy = withHashes(policy, 'script-src', scripts);
  if (styles.length > 0) policy = withHashes(policy, 'style-src', styles);
  if ((policy.get('script-src') ?? []).includes("'unsafe-inline'")) {
    fail(`${file}: script-src must not contain 'unsafe-inline'`);
  }
  const content = [...policy].map(([name, values]) => [name, ...values].join(' ')).join('; ');
  return html.replace(meta, `<meta http-equiv="Content-Security-Policy" content="${content}">`);
}

/** The text of each `<tag>` element that has no src attribute. */
function inlineBodies(html, tag) {
  const element = new RegExp(`<${tag}\\b([^>]*)>([\\s\\S]*?)</${tag}\\s*>`, 'gi');
  return [...html.matchAll(element)]
    .filter(([, attributes]) => !/\bsrc\s*=/i.test(attributes))
    .map(([, , body]) => body);
}

function parsePolicy(text) {
  const policy = new Map();
  for (const directive of text.split(';')) {
    const [name, ...values] = directive.trim().split(/\s+/).filter(Boolean);
    if (name) policy.set(name.toLowerCase(), values);
  }
  return policy;
}

function withHashes(policy, directive, bodies) {
  if (!policy.has(directive)) fail(`${file}: the policy has no ${directive} directive`);
  const kept = policy.get(directive).filter((value) => !/^'sha(256|384|512)-/.test(value));
  const hashes = [...new Set(bodies.map(
    (body) => `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`,
  ))];
  return new Map(policy).set(directive, [...kept, ...hashes]);
}

function describe(html) {
  const n = (tag) => inlineBodies(html, tag).length;
  return `${n('script')} inline script(s), ${n('style')} inline style element(s) hashed into the policy`;
}

function fail(message) {
  console.error(`csp-hashes: ${message}`);
  process.exit(1);
}
