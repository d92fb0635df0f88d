// What log4brains made of Headroom's log4brains export: each record's
// page data (`_next/data/<build>/adr/<slug>.json`, `pageProps.currentAdr`)
// must hold its title, status, date, deciders and supersede link as
// tests/data/tools/decisions.json has them. Prints what differs and exits 1.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
const [build] = readdirSync(join(out, '_next', 'data'));
const folder = join(out, '_next', 'data', build, 'adr');
const adrs = readdirSync(folder)
  .filter((name) => name.endsWith('.json'))
  .map((name) => JSON.parse(readFileSync(join(folder, name), 'utf8')).pageProps.currentAdr);
const third = '0003-serve-product-pages-from-the-cdn-a-decision-whose-title-runs-on-well-past-fifty-characters-to-test-file-names';
const expected = [
  ['0001-use-postgres-for-orders', 'Use Postgres for orders', 'accepted', '2024-01-10', ['Ana', 'Bo'], null],
  ['0002-cache-product-pages-in-redis-hot-paths-more', 'Cache product pages in Redis | "hot" <paths> & more 🚀', 'superseded', '2024-03-02', ['Ana'], third],
  [third, 'Serve product pages from the CDN, a decision whose title runs on well past fifty characters to test file names', 'accepted', '2024-06-20', ['Bo'], null],
  ['0004-extract-checkout', 'Extract checkout', 'proposed', '2024-09-01', [], null],
];
try {
  assert.equal(adrs.length, 4, 'four records');
  for (const [slug, title, status, date, deciders, supersededBy] of expected) {
    const adr = adrs.find((a) => a.slug === slug);
    assert.ok(adr, `a record with the slug ${slug}; there are ${adrs.map((a) => a.slug).join(', ')}`);
    assert.equal(adr.title, title, `${slug}: title`);
    assert.equal(adr.status, status, `${slug}: status`);
    assert.equal(adr.publicationDate?.slice(0, 10), date, `${slug}: date`);
    assert.deepEqual(adr.deciders ?? [], deciders, `${slug}: deciders`);
    assert.equal(adr.supersededBy?.slug ?? null, supersededBy, `${slug}: superseded by`);
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
