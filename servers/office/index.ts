/**
 * Switchboard's Word (.docx) MCP server over stdio (the Word preset).
 *
 *   node out/main/servers/office.cjs /path/to/documents   (built by `npm run build`)
 */
import { existsSync } from 'node:fs';
import { serveStdio } from '@modelcontextprotocol/server/stdio';
import { createOfficeServer } from './office-server.js';

const root = process.argv[2];
if (!root || !existsSync(root)) {
  process.stderr.write(
    `switchboard-office: give an existing documents folder (got ${root ?? 'nothing'})\n`,
  );
  process.exit(2);
}
serveStdio(() => createOfficeServer(root), {
  onerror: (error) => process.stderr.write(`switchboard-office: ${error.message}\n`),
});
