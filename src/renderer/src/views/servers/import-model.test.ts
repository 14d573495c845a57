import { describe, expect, it } from 'vitest';
import type { ImportPreview, ServerConfig } from '../../../../shared/model';
import { mergePreview, transportSummary } from './import-model';

const server = (transport: ServerConfig['transport']): ServerConfig =>
  ({ id: 's', enabled: false, transport }) as ServerConfig;

describe('the import dialog model', () => {
  it('sums up a transport in one line', () => {
    expect(
      transportSummary(server({ type: 'stdio', command: 'npx', args: ['-y', 'pkg'], env: {} })),
    ).toBe('npx -y pkg');
    expect(
      transportSummary(server({ type: 'http', url: 'https://example.com/mcp', headers: {} })),
    ).toBe('https://example.com/mcp');
  });

  it('replaces the preview of the same client and file, and appends others', () => {
    const a: ImportPreview = { client: 'cursor', file: '/a', servers: [], warnings: [] };
    const b: ImportPreview = { client: 'vscode', file: '/a', servers: [], warnings: [] };
    const a2 = { ...a, warnings: ['again'] };
    expect(mergePreview(mergePreview([a], b), a2)).toEqual([a2, b]);
  });
});
