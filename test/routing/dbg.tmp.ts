import { loadRoutingData, catalogOf } from './eval.ts';
import { ToolIndex, expandQuery } from '../../src/main/gateway/search.ts';
const { servers } = await loadRoutingData();
const index = new ToolIndex(catalogOf(servers));
for (const q of process.argv.slice(2)) {
  console.log(q, [...expandQuery(q).entries()].map(([k, v]) => `${k}:${v.weight}`).join(' '));
  for (const h of index.search(q, { limit: 6 }))
    console.log('  ', h.score.toFixed(2), h.tool.name, h.matched.join(','));
}
