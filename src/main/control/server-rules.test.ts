import { describe, expect, it } from 'vitest';
import { ConfigSchema, type ServerStatus } from '../../shared/model.js';
import { dropServerRules, getServerLogs } from './server-rules.js';

const config = ConfigSchema.parse({
  version: 1,
  servers: [
    {
      id: 'gh',
      transport: {
        type: 'stdio',
        command: 'gh-mcp',
        env: { GITHUB_TOKEN: 'ghp_secretvalue123456' },
      },
    },
  ],
  roles: [
    {
      name: 'coder',
      rules: [
        { pattern: 'gh__*', action: 'ask' },
        { pattern: 'gh__merge_pr', action: 'deny' },
        { pattern: 'ghx__read', action: 'allow' },
        { pattern: '*__read_*', action: 'allow' },
      ],
    },
    { name: 'reader', rules: [{ pattern: 'fs__read_file', action: 'allow' }] },
  ],
});

describe('dropServerRules', () => {
  it('drops only patterns that name that server alone, and counts them', () => {
    const { config: next, removed } = dropServerRules(config, 'gh');
    expect(removed).toBe(2);
    expect(next.roles[0]!.rules.map((r) => r.pattern)).toEqual(['ghx__read', '*__read_*']);
    expect(next.roles[1]).toBe(config.roles[1]);
  });
});

describe('getServerLogs', () => {
  it('masks the server’s own secrets in its stderr and last error', () => {
    const status = {
      id: 'gh',
      state: 'down',
      stderrTail: ['auth with ghp_secretvalue123456 failed'],
      lastError: 'token ghp_secretvalue123456 refused',
    } as ServerStatus;
    const logs = getServerLogs(config, status);
    expect(JSON.stringify(logs)).not.toContain('ghp_secretvalue123456');
    expect(logs.lines).toHaveLength(1);
    expect(logs.state).toBe('down');
  });
});
