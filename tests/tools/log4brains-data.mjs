// What log4brains made of Headroom's log4brains export: the site's data
// file (`data/<build>/adrs.json`) must hold each record's title, status,
// date, deciders and supersede link as tests/data/tools/decisions.json has
// them. Prints what differs and exits 1.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
const [build] = readdirSync(join(out, 'data'));
const adrs = JSON.parse(readFileSync(join(out, 'data', build, 'adrs.json'), 'utf8'));
const bySlug = Object.fromEntries(adrs.map((adr) => [adr.slug.split('/').pop(), adr]));
const expected = [
  ['0001-use-postgres-for-orders', 'Use Postgres for orders', 'accepted', '2024-01-10', ['Ana', 'Bo'], null],
  ['0002-cache-product-pages-in-redis-hot-paths-more', 'Cache product pages in Redis | "hot" <paths> & more 🚀', 'superseded', '2024-03-02', ['Ana'], '0003'],
  ['0004-extract-checkout', 'Extract checkout', 'proposed', '2024-09-01', [], null],
];
try {
  assert.equal(adrs.length, 4, 'four records');
  for (const [slugStart, title, status, date, deciders, supersededBy] of expected) {
    const slug = Object.keys(bySlug).find((s) => s.startsWith(slugStart.slice(0, 40)));
    assert.ok(slug, `a record whose slug starts ${slugStart}: ${Object.keys(bySlug).join(', ')}`);
    const adr = bySlug[slug];
    assert.equal(adr.title, title, `${slug}: title`);
    assert.equal(adr.status, status, `${slug}: status`);
    assert.equal(adr.publicationDate?.slice(0, 10), date, `${slug}: date`);
    assert.deepEqual(adr.deciders ?? [], deciders, `${slug}: deciders`);
    if (supersededBy) assert.ok(adr.supersededBy?.split('/').pop().startsWith(supersededBy), `${slug}: superseded by ${supersededBy}, got ${adr.supersededBy}`);
    else assert.equal(adr.supersededBy ?? null, null, `${slug}: superseded by nothing`);
  }
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
