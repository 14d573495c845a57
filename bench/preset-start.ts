import { readFileSync } from 'node:fs';
import type { ServerLists } from '../src/main/gateway/catalog/catalog.js';
import { packageKey, type ShippedListsFile } from '../src/main/gateway/catalog/shipped-lists.js';
import type { ServerConfig } from '../src/shared/model.js';
import { SHIPPED_FILE, presetServers } from '../scripts/shipped-lists.js';

/**
 * The first start with real preset servers: ten of them (filesystem, memory, pdf and excel,
 * two or three of each under their own ids), whose lists ship with Switchboard
 * (resources/shipped-lists.json). `expect` counts their tools plus find_tools.
 */
export function presetStartServers(dataDir: string): { servers: ServerConfig[]; expect: number } {
  const shipped = (JSON.parse(readFileSync(SHIPPED_FILE, 'utf8')) as ShippedListsFile).lists;
  // 3 × filesystem, 3 × memory, 2 × pdf, 2 × excel: ten servers.
  const servers = [
    ...presetServers(dataDir, '1'),
    ...presetServers(dataDir, '2'),
    ...presetServers(dataDir, '3').filter((s) => /^(filesystem|memory)/.test(s.id)),
  ];
  const listed = (s: ServerConfig): ServerLists | undefined => shipped[packageKey(s) ?? ''];
  const missing = servers.filter((s) => !listed(s)).map((s) => s.id);
  if (missing.length > 0) throw new Error(`no shipped list for ${missing.join(', ')}`);
  const tools = servers.reduce((sum, s) => sum + listed(s)!.tools.length, 0);
  return { servers, expect: tools + 1 };
}
