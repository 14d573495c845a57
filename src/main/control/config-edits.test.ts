import { describe, expect, it } from 'vitest';
import { ControlError } from '../../shared/control.js';
import {
  ConfigSchema,
  SECRET_MASK,
  ServerConfigSchema,
  type Config,
  type KeyRecord,
  type ServerConfig,
} from '../../shared/model.js';
import * as edits from './config-edits.js';

const stdio = (id: string, env: Record<string, string> = {}, secrets: string[] = []) =>
  ServerConfigSchema.parse({ id, transport: { type: 'stdio', command: 'node', env }, secrets });

const http = (id: string, headers: Record<string, string>, secrets: string[]) =>
  ServerConfigSchema.parse({
    id,
    transport: { type: 'http', url: 'https://example.com/mcp', headers },
    secrets,
  });

const key = (name: string, role: string): KeyRecord => ({
  name,
  role,
  hash: 'f'.repeat(64),
  prefix: 'sb_abcde',
  createdAt: '2026-01-01T00:00:00.000Z',
});

function base(): Config {
  return ConfigSchema.parse({
    version: 1,
    servers: [
      stdio('fs', { ROOT: '/tmp', TOKEN: 'real-token' }, ['TOKEN']),
      http('remote', { authorization: 'Bearer real', 'x-plain': 'p' }, ['authorization']),
    ],
    roles: [
      {
        name: 'coder',
        description: 'writes code',
        rules: [
          { pattern: 'git__*', action: 'allow' },
          { pattern: 'FS__Delete_*', action: 'ask', cacheable: true },
          { pattern: '*', action: 'deny' },
        ],
        pinned: ['fs__read'],
      },
      { name: 'reader' },
    ],
    keys: [key('laptop', 'coder'), key('ci', 'coder'), key('tablet', 'reader')],
  });
}

/** Runs an edit on a frozen copy of the base config: a mutation would throw. */
function edit(fn: (config: Config) => Config): { before: Config; after: Config } {
  const before = deepFreeze(base());
  return { before, after: fn(before) };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function controlError(fn: () => unknown): ControlError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ControlError);
    return error as ControlError;
  }
  throw new Error('expected a ControlError');
}

describe('roleOf / serverOf', () => {
  it('find by name or id, or throw not_found', () => {
    const config = base();
    expect(edits.roleOf(config, 'coder').name).toBe('coder');
    expect(edits.serverOf(config, 'fs').id).toBe('fs');
    expect(controlError(() => edits.roleOf(config, 'nobody'))).toMatchObject({
      code: 'not_found',
      message: 'no role "nobody"',
    });
    expect(controlError(() => edits.serverOf(config, 'nope')).code).toBe('not_found');
  });
});

describe('servers', () => {
  it('addServer appends a server', () => {
    const { before, after } = edit((c) => edits.addServer(c, stdio('git')));
    expect(after.servers.map((s) => s.id)).toEqual(['fs', 'remote', 'git']);
    expect(before.servers).toHaveLength(2);
  });

  it('addServer refuses an id in use', () => {
    const error = controlError(() => edits.addServer(base(), stdio('fs')));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('pick another id');
  });

  it('updateServer replaces a server in place', () => {
    const next = { ...stdio('fs', { ROOT: '/srv' }), enabled: false };
    const { after } = edit((c) => edits.updateServer(c, 'fs', next));
    expect(after.servers[0]).toEqual(next);
    expect(after.servers[1]!.id).toBe('remote');
  });

  it('updateServer keeps stored values sent back masked, and takes new ones', () => {
    const masked = edits.maskServer(base().servers[0]!);
    const next: ServerConfig = {
      ...masked,
      transport: {
        ...(masked.transport as Extract<ServerConfig['transport'], { type: 'stdio' }>),
        env: { ROOT: '/srv', TOKEN: SECRET_MASK },
      },
    };
    const { after } = edit((c) => edits.updateServer(c, 'fs', next));
    expect(after.servers[0]!.transport).toMatchObject({
      env: { ROOT: '/srv', TOKEN: 'real-token' },
    });

    const replaced = edits.updateServer(base(), 'fs', stdio('fs', { TOKEN: 'new' }, ['TOKEN']));
    expect(replaced.servers[0]!.transport).toMatchObject({ env: { TOKEN: 'new' } });
  });

  it('updateServer keeps masked headers of a remote server', () => {
    const masked = edits.maskServer(base().servers[1]!);
    expect(masked.transport).toMatchObject({
      headers: { authorization: SECRET_MASK, 'x-plain': 'p' },
    });
    const after = edits.updateServer(base(), 'remote', masked);
    expect(after.servers[1]).toEqual(base().servers[1]);
  });

  it('updateServer does not carry a secret over to another transport type', () => {
    // The mask stands only for a stored value of the same kind: here there is none to keep,
    // so the edit is refused instead of saving "***" as the secret.
    const next = http('fs', { TOKEN: SECRET_MASK }, ['TOKEN']);
    expect(controlError(() => edits.updateServer(base(), 'fs', next)).code).toBe('invalid_input');
  });

  it('updateServer can rename to a free id, not to a used one', () => {
    const renamed = edits.updateServer(base(), 'fs', stdio('files'));
    expect(renamed.servers.map((s) => s.id)).toEqual(['files', 'remote']);
    expect(controlError(() => edits.updateServer(base(), 'fs', stdio('remote'))).code).toBe(
      'conflict',
    );
    expect(controlError(() => edits.updateServer(base(), 'nope', stdio('nope'))).code).toBe(
      'not_found',
    );
  });

  it('removeServer and setServerEnabled', () => {
    const { after: removed } = edit((c) => edits.removeServer(c, 'fs'));
    expect(removed.servers.map((s) => s.id)).toEqual(['remote']);
    const { after: disabled } = edit((c) => edits.setServerEnabled(c, 'remote', false));
    expect(disabled.servers.map((s) => s.enabled)).toEqual([true, false]);
    expect(controlError(() => edits.removeServer(base(), 'nope')).code).toBe('not_found');
    expect(controlError(() => edits.setServerEnabled(base(), 'nope', true)).code).toBe('not_found');
  });

  it('maskServer masks only the listed secrets and leaves a server without secrets as is', () => {
    const masked = edits.maskServer(base().servers[0]!);
    expect(masked.transport).toMatchObject({ env: { ROOT: '/tmp', TOKEN: SECRET_MASK } });
    const plain = stdio('plain', { A: '1' });
    expect(edits.maskServer(plain)).toBe(plain);
  });
});

describe('roles', () => {
  it('createRole adds an empty role, or a deep copy of another', () => {
    const { after } = edit((c) => edits.createRole(c, 'ops', 'runs things'));
    expect(after.roles.at(-1)).toEqual({
      name: 'ops',
      description: 'runs things',
      rules: [],
      exposure: 'all',
      pinned: [],
    });
    const copied = edits.createRole(base(), 'coder2', '', 'coder');
    const source = copied.roles.find((r) => r.name === 'coder')!;
    const copy = copied.roles.find((r) => r.name === 'coder2')!;
    expect(copy.rules).toEqual(source.rules);
    expect(copy.pinned).toEqual(['fs__read']);
    expect(copy.rules).not.toBe(source.rules);
    expect(copy.rules[0]).not.toBe(source.rules[0]);
    expect(copy.pinned).not.toBe(source.pinned);
  });

  it("createRole copies the source's server-request policy, deeply", () => {
    const config = base();
    config.roles = config.roles.map((r) =>
      r.name === 'coder' ? { ...r, serverRequests: { '*': { sampling: 'deny' as const } } } : r,
    );
    const copied = edits.createRole(config, 'coder2', '', 'coder');
    const source = copied.roles.find((r) => r.name === 'coder')!;
    const copy = copied.roles.find((r) => r.name === 'coder2')!;
    expect(copy.serverRequests).toEqual({ '*': { sampling: 'deny' } });
    expect(copy.serverRequests).not.toBe(source.serverRequests);
  });

  it('createRole refuses a taken name or an unknown source', () => {
    expect(controlError(() => edits.createRole(base(), 'coder')).code).toBe('conflict');
    expect(controlError(() => edits.createRole(base(), 'x', '', 'ghost')).code).toBe('not_found');
  });

  it('renameRole moves the keys with the role', () => {
    const { after } = edit((c) => edits.renameRole(c, 'coder', 'dev'));
    expect(after.roles.map((r) => r.name)).toEqual(['dev', 'reader']);
    expect(after.roles[0]!.rules).toHaveLength(3);
    expect(after.keys.map((k) => [k.name, k.role])).toEqual([
      ['laptop', 'dev'],
      ['ci', 'dev'],
      ['tablet', 'reader'],
    ]);
  });

  it('renameRole refuses a taken name, allows renaming to itself', () => {
    expect(controlError(() => edits.renameRole(base(), 'coder', 'reader')).code).toBe('conflict');
    expect(controlError(() => edits.renameRole(base(), 'ghost', 'x')).code).toBe('not_found');
    expect(edits.renameRole(base(), 'coder', 'coder')).toEqual(base());
  });

  it('deleteRole is refused while keys use the role, naming them', () => {
    const error = controlError(() => edits.deleteRole(base(), 'coder'));
    expect(error.code).toBe('conflict');
    expect(error.message).toContain('laptop, ci');
    expect(error.message).toContain('revoke or move them first');
    const freed = edits.revokeKey(edits.revokeKey(base(), 'laptop'), 'ci');
    expect(edits.deleteRole(freed, 'coder').roles.map((r) => r.name)).toEqual(['reader']);
    expect(controlError(() => edits.deleteRole(base(), 'ghost')).code).toBe('not_found');
  });

  it('setRules replaces the ordered rules', () => {
    const rules = [{ pattern: 'a__*', action: 'deny' as const }];
    const { after } = edit((c) => edits.setRules(c, 'reader', rules));
    expect(after.roles[1]!.rules).toEqual(rules);
    expect(controlError(() => edits.setRules(base(), 'ghost', [])).code).toBe('not_found');
  });
});

describe('setRule', () => {
  it('puts a new rule first, so it outranks the broad globs', () => {
    const { after } = edit((c) => edits.setRule(c, 'coder', 'fs__read', 'allow'));
    expect(after.roles[0]!.rules.map((r) => r.pattern)).toEqual([
      'fs__read',
      'git__*',
      'FS__Delete_*',
      '*',
    ]);
  });

  it('replaces the rule with the same pattern, case-insensitively, and moves it first', () => {
    const { after } = edit((c) => edits.setRule(c, 'coder', 'fs__delete_*', 'deny'));
    const rules = after.roles[0]!.rules;
    expect(rules.map((r) => [r.pattern, r.action])).toEqual([
      ['fs__delete_*', 'deny'],
      ['git__*', 'allow'],
      ['*', 'deny'],
    ]);
  });

  it('refuses an unknown role', () => {
    expect(controlError(() => edits.setRule(base(), 'ghost', '*', 'deny')).code).toBe('not_found');
  });

  // BUG (contract): ControlApi.setRule "replaces the action of the rule with that pattern", but
  // the replacement is a fresh `{ pattern, action }`, so the replaced rule's `cacheable: true`
  // is dropped (e.g. by "always approve" in decideApproval). Fix in setRule:
  //   const old = current.rules.find((r) => r.pattern.toLowerCase() === pattern.toLowerCase());
  //   return setRules(config, role, [{ ...old, pattern, action }, ...rest]);
  it('keeps the cacheable flag of the rule whose action it replaces', () => {
    const after = edits.setRule(base(), 'coder', 'fs__delete_*', 'allow');
    expect(after.roles[0]!.rules[0]).toEqual({
      pattern: 'fs__delete_*',
      action: 'allow',
      cacheable: true,
    });
  });
});

describe('keys', () => {
  it('addKey adds a key for an existing role', () => {
    const { after } = edit((c) => edits.addKey(c, key('new', 'reader')));
    expect(after.keys.map((k) => k.name)).toEqual(['laptop', 'ci', 'tablet', 'new']);
  });

  it('addKey refuses an unknown role or a taken name', () => {
    expect(controlError(() => edits.addKey(base(), key('x', 'ghost'))).code).toBe('not_found');
    expect(controlError(() => edits.addKey(base(), key('ci', 'reader'))).code).toBe('conflict');
  });

  it('revokeKey removes a key by name, or throws not_found', () => {
    const { after } = edit((c) => edits.revokeKey(c, 'ci'));
    expect(after.keys.map((k) => k.name)).toEqual(['laptop', 'tablet']);
    expect(controlError(() => edits.revokeKey(base(), 'ghost'))).toMatchObject({
      code: 'not_found',
      message: 'no key named "ghost"',
    });
  });
});

describe('every edit', () => {
  it('returns a config that still validates', () => {
    const results = [
      edits.addServer(base(), stdio('git')),
      edits.updateServer(base(), 'fs', stdio('fs')),
      edits.removeServer(base(), 'remote'),
      edits.setServerEnabled(base(), 'fs', false),
      edits.createRole(base(), 'ops', '', 'coder'),
      edits.renameRole(base(), 'reader', 'viewer'),
      edits.setRule(base(), 'reader', '*', 'ask'),
      edits.addKey(base(), key('k', 'reader')),
      edits.revokeKey(base(), 'tablet'),
    ];
    for (const result of results) expect(ConfigSchema.parse(result)).toEqual(result);
  });
});
