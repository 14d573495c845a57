import type { CallToolResult, Tool } from '@modelcontextprotocol/server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigSchema, RoleSchema, type Config } from '../../../shared/model.js';
import { Approvals } from '../pipeline/approvals.js';
import { AuditLog } from '../observe/audit.js';
import { Calls } from '../pipeline/calls.js';
import type { CallContext } from '../pipeline/call-context.js';
import type { CatalogTool } from './catalog.js';
import { Exposure, decideTool } from '../pipeline/exposure.js';
import { Gateway } from '../gateway.js';
import { silentLogger } from '../observe/logger.js';
import {
  CALL_TOOL,
  FIND_TOOLS,
  createMetaTools,
  focusedTools,
  type FoundTool,
  type MetaToolsDeps,
} from './meta-tools.js';
import { Metrics } from '../observe/metrics.js';
import { createRedactor } from '../observe/redact.js';
import { ToolIndex } from './search.js';

const READ_ONLY = { readOnlyHint: true };

function tool(name: string, description: string, annotations?: Tool['annotations']): Tool {
  return {
    name,
    description,
    inputSchema: { type: 'object', properties: { path: { type: 'string' } } },
    ...(annotations && { annotations }),
  };
}

const SERVERS: Record<string, Tool[]> = {
  fs: [
    tool('read_text_file', 'Read the contents of a file as text.', READ_ONLY),
    tool('write_file', 'Create or overwrite a file.'),
    tool('delete_file', 'Delete a file.', { destructiveHint: true }),
    tool('list_directory', 'List files in a directory.', READ_ONLY),
  ],
  github: [
    tool('issue_write', 'Create or update an issue in a GitHub repository.'),
    tool('get_file_contents', 'Get the contents of a file from a GitHub repository.', READ_ONLY),
  ],
};

function configOf(): Config {
  return ConfigSchema.parse({
    version: 1,
    servers: Object.keys(SERVERS).map((id) => ({
      id,
      transport: { type: 'stdio', command: 'unused' },
    })),
    roles: [
      {
        name: 'reader',
        rules: [
          { pattern: 'github__*', action: 'deny' },
          { pattern: '*__delete_*', action: 'deny' },
        ],
        exposure: 'focused',
        pinned: ['fs__read_text_file', 'fs__delete_file', 'nope__missing', 'fs__write_file'],
      },
      { name: 'everyone', exposure: 'all' },
      { name: 'nobody', rules: [{ pattern: '*', action: 'deny' }], exposure: 'focused' },
    ],
  });
}

function context(role: string, signal = new AbortController().signal): CallContext {
  return { principal: { keyName: `${role}-key`, role }, signal };
}

function found(result: CallToolResult): FoundTool[] {
  return (result.structuredContent as { tools: FoundTool[] }).tools;
}

/** The real pipeline (policy, approvals, audit) over a catalog with no running servers. */
function pipeline() {
  const dir = mkdtempSync(join(tmpdir(), 'meta-tools-'));
  const gateway = new Gateway(configOf(), silentLogger);
  for (const [id, tools] of Object.entries(SERVERS)) {
    gateway.catalog.setServer(id, { tools, resources: [], resourceTemplates: [], prompts: [] });
  }
  const requested: string[] = [];
  const approvals = new Approvals(
    { timeoutMs: () => 60_000, maxPendingPerKey: () => 8 },
    { onRequested: (a) => requested.push(a.id), onSettled: () => undefined },
  );
  const audit = new AuditLog(join(dir, 'audit'));
  const exposure = new Exposure(gateway.catalog, () => gateway.config);
  const calls = new Calls({
    gateway,
    exposure,
    approvals,
    audit,
    metrics: new Metrics(),
    redactor: createRedactor(),
  });
  const deps: MetaToolsDeps = {
    catalog: gateway.catalog,
    index: new ToolIndex(gateway.catalog),
    decide: (role, t) => decideTool(gateway.config, role, t),
    callTool: (name, args, ctx) => calls.callTool({}, name, args, ctx),
  };
  const cleanup = () => {
    audit.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    gateway,
    calls,
    approvals,
    audit,
    requested,
    deps,
    meta: createMetaTools(deps),
    cleanup,
  };
}

let env: ReturnType<typeof pipeline>;
beforeEach(() => {
  env = pipeline();
});
afterEach(() => env.cleanup());

describe('listing', () => {
  it('lists find_tools for a role with usable tools, and call_tool only when focused', () => {
    const role = (name: string) => configOf().roles.find((r) => r.name === name);
    expect(env.meta.toolsFor('everyone', role('everyone')).map((t) => t.name)).toEqual([
      FIND_TOOLS,
    ]);
    expect(env.meta.toolsFor('reader', role('reader')).map((t) => t.name)).toEqual([
      FIND_TOOLS,
      CALL_TOOL,
    ]);
    expect(env.meta.toolsFor('nobody', role('nobody'))).toEqual([]);
    expect(env.meta.toolsFor('ghost', undefined)).toEqual([]);
  });

  it('keeps a focused listing small and stable: pinned order, no denied or unknown names', () => {
    const reader = configOf().roles.find((r) => r.name === 'reader')!;
    const decide = env.deps.decide;
    const first = focusedTools(reader, env.gateway.catalog.tools(), decide);
    expect(first.map((t) => t.name)).toEqual(['fs__read_text_file', 'fs__write_file']);
    expect(first[1]?.description).toContain('approve');
    const listing = [...env.meta.toolsFor('reader', reader), ...first];
    expect(listing.length).toBeLessThanOrEqual(4);
    // The same inputs give the same list, and a catalog change elsewhere leaves it alone.
    env.gateway.catalog.setServer('extra', {
      tools: [tool('anything', 'Another tool.', READ_ONLY)],
      resources: [],
      resourceTemplates: [],
      prompts: [],
    });
    const again = [
      ...env.meta.toolsFor('reader', reader),
      ...focusedTools(reader, env.gateway.catalog.tools(), decide),
    ];
    expect(again).toEqual(listing);
  });

  it('caps the pinned set', () => {
    const many = Array.from({ length: 40 }, (_, i): CatalogTool => {
      const t = tool(`t${i}`, 'x', READ_ONLY);
      return { serverId: 's', name: `s__t${i}`, original: t, exposed: { ...t, name: `s__t${i}` } };
    });
    const role = RoleSchema.parse({ name: 'r', pinned: many.map((t) => t.name) });
    const pinned = focusedTools(role, many, () => ({
      action: 'allow',
      source: 'role',
      reason: '',
    }));
    expect(pinned).toHaveLength(20);
  });
});

describe('switchboard__find_tools', () => {
  it('never returns a tool the role may not use, and still fills the limit', async () => {
    const queries = ['read a file', 'create a github issue', 'delete the file', 'repo contents'];
    for (const query of queries) {
      const result = await env.meta.call(FIND_TOOLS, { query, limit: 25 }, context('reader'));
      const tools = found(result).map((t) => t.name);
      expect(tools.some((n) => n.startsWith('github__') || n.includes('__delete_'))).toBe(false);
      for (const name of tools) {
        expect(env.deps.decide('reader', env.gateway.catalog.tool(name)!).action).not.toBe('deny');
      }
    }
    const few = await env.meta.call(FIND_TOOLS, { query: 'file', limit: 2 }, context('reader'));
    expect(found(few)).toHaveLength(2);
  });

  it('returns name, description, schema, reason, and marks tools that need approval', async () => {
    const result = await env.meta.call(FIND_TOOLS, { query: 'write a file' }, context('reader'));
    const [first] = found(result);
    expect(first).toMatchObject({
      name: 'fs__write_file',
      description: 'Create or overwrite a file.',
      inputSchema: { type: 'object' },
      needsApproval: true,
    });
    expect(first?.reason).toMatch(/^action: write; name: write\b/);
    const read = found(await env.meta.call(FIND_TOOLS, { query: 'read text' }, context('reader')));
    expect(read[0]?.name).toBe('fs__read_text_file');
    expect(read[0]).not.toHaveProperty('needsApproval');
    const text = result.content[0];
    expect(text?.type === 'text' && JSON.parse(text.text)).toEqual(result.structuredContent);
  });

  it('follows the catalog', async () => {
    const ask = () => env.meta.call(FIND_TOOLS, { query: 'weather forecast' }, context('reader'));
    expect(found(await ask())).toEqual([]);
    env.gateway.catalog.setServer('weather', {
      tools: [tool('get_forecast', 'Weather forecast for a city.', READ_ONLY)],
      resources: [],
      resourceTemplates: [],
      prompts: [],
    });
    expect(found(await ask())[0]?.name).toBe('weather__get_forecast');
  });

  it('refuses a missing query or a bad limit as invalid params', async () => {
    await expect(env.meta.call(FIND_TOOLS, {}, context('reader'))).rejects.toThrow(/query/);
    await expect(
      env.meta.call(FIND_TOOLS, { query: 'x', limit: 'ten' }, context('reader')),
    ).rejects.toThrow(/limit/);
    const capped = await env.meta.call(
      FIND_TOOLS,
      { query: 'file', limit: 999 },
      context('everyone'),
    );
    expect(found(capped).length).toBeLessThanOrEqual(25);
  });
});

describe('switchboard__call_tool', () => {
  it('hands name, arguments and context to the pipeline unchanged', async () => {
    const callTool = vi.fn(async () => ({ content: [{ type: 'text' as const, text: 'ok' }] }));
    const meta = createMetaTools({ ...env.deps, callTool });
    const ctx = context('reader');
    const result = await meta.call(
      CALL_TOOL,
      { name: 'fs__read_text_file', arguments: { path: 'a' } },
      ctx,
    );
    expect(result.content).toEqual([{ type: 'text', text: 'ok' }]);
    expect(callTool).toHaveBeenCalledWith('fs__read_text_file', { path: 'a' }, ctx);
  });

  it('refuses a denied tool exactly like a direct call, and audits it', async () => {
    const direct = await env.calls.callTool({}, 'github__issue_write', {}, context('reader'));
    const viaMeta = await env.meta.call(
      CALL_TOOL,
      { name: 'github__issue_write', arguments: {} },
      context('reader'),
    );
    expect(direct.isError).toBe(true);
    expect(viaMeta).toEqual(direct);
    const audited = env.audit.query({ limit: 10 }).filter((e) => e.tool === 'github__issue_write');
    expect(audited).toHaveLength(2);
    expect(audited.every((e) => e.decision === 'deny')).toBe(true);
  });

  it('makes an ask tool wait for a person, like a direct call', async () => {
    const pending = env.meta.call(
      CALL_TOOL,
      { name: 'fs__write_file', arguments: { path: 'x' } },
      context('reader'),
    );
    await vi.waitFor(() => expect(env.requested).toHaveLength(1));
    expect(env.approvals.list()[0]).toMatchObject({ tool: 'fs__write_file', role: 'reader' });
    env.approvals.decide(env.requested[0]!, 'deny');
    const viaMeta = await pending;

    const directPending = env.calls.callTool(
      {},
      'fs__write_file',
      { path: 'x' },
      context('reader'),
    );
    await vi.waitFor(() => expect(env.requested).toHaveLength(2));
    env.approvals.decide(env.requested[1]!, 'deny');
    const direct = await directPending;
    expect(viaMeta.isError).toBe(true);
    expect(viaMeta).toEqual(direct);
  });

  it('answers unknown, meta or malformed calls as invalid params', async () => {
    const ctx = context('everyone');
    await expect(env.meta.call(CALL_TOOL, { name: 'fs__nope' }, ctx)).rejects.toThrow(
      /Unknown tool/,
    );
    await expect(env.meta.call(CALL_TOOL, { name: FIND_TOOLS }, ctx)).rejects.toThrow(/directly/);
    await expect(env.meta.call(CALL_TOOL, {}, ctx)).rejects.toThrow(/name/);
    await expect(
      env.meta.call(CALL_TOOL, { name: 'fs__read_text_file', arguments: [1] }, ctx),
    ).rejects.toThrow(/object/);
    await expect(env.meta.call('switchboard__other', {}, ctx)).rejects.toThrow(/Unknown tool/);
    expect(env.meta.isMetaTool(FIND_TOOLS) && env.meta.isMetaTool(CALL_TOOL)).toBe(true);
    expect(env.meta.isMetaTool('fs__read_text_file')).toBe(false);
  });
});
