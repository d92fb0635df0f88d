// Prints what the page's wasm is made of: the share of each crate (and of
// each of Headroom's own modules) in the code, then the largest functions.
// Reads twiggy's table of the release build before wasm-opt (that build
// still has its function names; the shipped one has none), so the sizes
// are before optimisation: the shares, not the bytes, are what carries over.
//
//   node scripts/wasm-contributors.mjs target/wasm32-unknown-unknown/wasm/headroom.wasm
import { execFileSync } from "node:child_process";

const wasm = process.argv[2];
if (!wasm) {
  console.error("usage: node scripts/wasm-contributors.mjs FILE.wasm");
  process.exit(2);
}
const csv = execFileSync("twiggy", ["top", "-f", "csv", wasm], { encoding: "utf8", maxBuffer: 1 << 28 });

// twiggy quotes a name holding a comma or a quote, doubling its quotes.
function fields(line) {
  const out = [];
  let field = "", quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { out.push(field); field = ""; }
    else field += c;
  }
  out.push(field);
  return out;
}

// A function's owner: the first path in its name (the type of an
// `<impl X for T>` when T is a path), Headroom's split by module.
function owner(name) {
  const stripped = name.replace(/^[<&*( ]+/, "").replace(/^(dyn |impl |mut |const )+/, "");
  const crate = /^[A-Za-z_][A-Za-z0-9_]*/.exec(stripped)?.[0] ?? "?";
  if (crate !== "headroom") return crate;
  return "headroom::" + (/^headroom::([a-z_]+)/.exec(stripped)?.[1] ?? "?");
}

const functions = [];
let sections = 0;
for (const line of csv.trim().split("\n").slice(1)) {
  const [name, size] = fields(line);
  const bytes = Number(size);
  if (/section|^data segment|^elem\[|^type\[|^import |^export |^global/.test(name)) sections += bytes;
  else functions.push({ name, bytes });
}
const code = functions.reduce((sum, f) => sum + f.bytes, 0);
const byOwner = new Map();
for (const f of functions) byOwner.set(owner(f.name), (byOwner.get(owner(f.name)) ?? 0) + f.bytes);
const percent = (bytes) => ((100 * bytes) / code).toFixed(1).padStart(5) + "%";

console.log(`code before wasm-opt: ${code} bytes in ${functions.length} functions (and ${sections} bytes of data, names and custom sections)`);
console.log("largest owners:");
for (const [name, bytes] of [...byOwner].sort((a, b) => b[1] - a[1]).slice(0, 15)) {
  console.log(`  ${percent(bytes)} ${String(bytes).padStart(8)}  ${name}`);
}
console.log("largest functions:");
for (const f of functions.sort((a, b) => b.bytes - a.bytes).slice(0, 8)) {
  console.log(`  ${percent(f.bytes)} ${String(f.bytes).padStart(8)}  ${f.name.replace(/::h[0-9a-f]{16}$/, "").slice(0, 110)}`);
}
