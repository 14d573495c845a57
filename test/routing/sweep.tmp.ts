import { loadRoutingData, catalogOf, isHeldOut } from '/work/main/test/routing/eval.ts';
import { ToolIndex } from '/work/main/src/main/gateway/search.ts';
const { servers, queries } = await loadRoutingData();
const tuning = queries.filter((q) => !isHeldOut(q.id));
const catalog = catalogOf(servers);
function run(opts: any) {
  const index = new ToolIndex(catalog, opts);
  let a1 = 0,
    a5 = 0,
    rr = 0;
  for (const q of tuning) {
    const got = index.search(q.query, { limit: 10 }).map((h) => h.tool.name);
    const r = got.findIndex((n) => q.expected.includes(n)) + 1;
    if (r === 1) a1++;
    if (r >= 1 && r <= 5) a5++;
    if (r) rr += 1 / r;
  }
  const n = tuning.length;
  return `${(a1 / n).toFixed(3)} ${(a5 / n).toFixed(3)} ${(rr / n).toFixed(3)}`;
}
const grid = JSON.parse(process.argv[2] ?? '[{}]');
for (const g of grid) console.log(JSON.stringify(g), run(g));
