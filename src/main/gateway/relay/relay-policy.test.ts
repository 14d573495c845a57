import { describe, expect, it } from 'vitest';
import { ConfigSchema, type Config } from '../../../shared/model.js';
import { decideRelay } from './relay-policy.js';

const config = (extra: { roles?: unknown[]; servers?: unknown[] }): Config =>
  ConfigSchema.parse({ version: 1, ...extra });
const stdio = { type: 'stdio', command: 'node' };

describe('decideRelay', () => {
  it('asks for sampling and allows elicitation when nothing is configured', () => {
    const c = config({ roles: [{ name: 'coder' }], servers: [{ id: 'fs', transport: stdio }] });
    expect(decideRelay(c, 'coder', 'fs', 'sampling')).toMatchObject({
      action: 'ask',
      source: 'default',
    });
    expect(decideRelay(c, 'coder', 'fs', 'elicitation')).toMatchObject({
      action: 'allow',
      source: 'default',
    });
  });

  it("takes the role's entry for the server over its '*' entry over the server's default", () => {
    const c = config({
      roles: [
        {
          name: 'coder',
          serverRequests: {
            fs: { sampling: 'allow' },
            '*': { sampling: 'deny', elicitation: 'ask' },
          },
        },
      ],
      servers: [
        { id: 'fs', transport: stdio, serverRequests: { sampling: 'ask', elicitation: 'deny' } },
        { id: 'web', transport: stdio, serverRequests: { elicitation: 'deny' } },
      ],
    });
    expect(decideRelay(c, 'coder', 'fs', 'sampling')).toMatchObject({
      action: 'allow',
      source: 'role',
    });
    expect(decideRelay(c, 'coder', 'web', 'sampling')).toMatchObject({
      action: 'deny',
      source: 'role',
    });
    expect(decideRelay(c, 'coder', 'fs', 'elicitation').action).toBe('ask');
  });

  it("uses the server's default when the role says nothing", () => {
    const c = config({
      roles: [{ name: 'coder' }],
      servers: [{ id: 'web', transport: stdio, serverRequests: { elicitation: 'deny' } }],
    });
    expect(decideRelay(c, 'coder', 'web', 'elicitation')).toEqual({
      action: 'deny',
      source: 'server',
      reason: 'the elicitation default of server "web" (deny)',
    });
  });

  it('denies when the role no longer exists', () => {
    expect(decideRelay(config({}), 'gone', 'fs', 'elicitation').action).toBe('deny');
  });

  it('keeps configs without the new fields loading as before', () => {
    const c = config({ roles: [{ name: 'coder' }], servers: [{ id: 'fs', transport: stdio }] });
    expect(c.roles[0]).not.toHaveProperty('serverRequests');
    expect(c.servers[0]).not.toHaveProperty('serverRequests');
  });
});
