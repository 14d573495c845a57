import {
  Client,
  SSEClientTransport,
  StreamableHTTPClientTransport,
} from '@modelcontextprotocol/client';
import type { CallToolResult, Tool, Transport } from '@modelcontextprotocol/client';
import { StdioClientTransport, getDefaultEnvironment } from '@modelcontextprotocol/client/stdio';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  everythingStdio,
  filesystemStdio,
  fixtureStdio,
  memoryStdio,
  startEverything,
  startHttpFixture,
  stopAllFixtures,
  type HttpFixture,
} from './helpers/spawn-fixture.js';

type Era = 'legacy' | 'auto';

/** A connected client plus a queue of the tool lists its list_changed handler refetched. */
interface Watched {
  client: Client;
  nextToolsChange(): Promise<Tool[]>;
}

function createClient(era: Era): Watched {
  const waiters: Array<(tools: Tool[]) => void> = [];
  const client = new Client(
    { name: 'fixture-test', version: '1.0.0' },
    {
      ...(era === 'auto' && { versionNegotiation: { mode: 'auto' as const } }),
      listChanged: {
        tools: { debounceMs: 0, onChanged: (_error, tools) => waiters.shift()?.(tools ?? []) },
      },
    },
  );
  return { client, nextToolsChange: () => new Promise((resolve) => waiters.push(resolve)) };
}

function stdioTransport(args: string[], pipeStderr = false): StdioClientTransport {
  return new StdioClientTransport({
    ...fixtureStdio(args),
    env: { ...getDefaultEnvironment(), FIXTURE_TEST_VAR: 'forty-two' },
    // A foreign cwd proves the command does not depend on being run from the repository.
    cwd: tmpdir(),
    stderr: pipeStderr ? 'pipe' : 'ignore',
  });
}

function firstText(result: CallToolResult): string {
  const [first] = result.content;
  if (first?.type !== 'text') throw new Error(`expected text content, got ${first?.type}`);
  return first.text;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  return firstText(await client.callTool({ name, arguments: args }));
}

/** Starts `hang`, makes sure the server has it (one round trip behind it), then aborts it. */
async function cancelHang(client: Client): Promise<unknown> {
  const controller = new AbortController();
  const hanging = client.callTool({ name: 'hang', arguments: {} }, { signal: controller.signal });
  const settled = hanging.then(
    () => 'answered',
    (error: unknown) => error,
  );
  await call(client, 'whoami');
  controller.abort(new Error('test cancelled hang'));
  return settled;
}

async function cancelledCount(client: Client): Promise<number> {
  return (JSON.parse(await call(client, 'last_cancelled')) as { cancelled: number }).cancelled;
}

/** The behaviour every fixture connection must show, whatever its transport and era. */
function behavesLikeFixture(connect: () => Promise<Watched>): void {
  let watched: Watched;
  beforeAll(async () => {
    watched = await connect();
  });
  afterAll(async () => {
    await watched.client.close();
  });

  it('answers echo and add', async () => {
    expect(await call(watched.client, 'echo', { text: 'hi' })).toBe('echo: hi');
    expect(await call(watched.client, 'add', { a: 2, b: 3 })).toBe('5');
  });

  it('sends progress during slow', async () => {
    const progress: number[] = [];
    const result = await watched.client.callTool(
      { name: 'slow', arguments: { ms: 300, steps: 3 } },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(firstText(result)).toBe('done after 300 ms');
    // The final one may race the response in the 2.4 client (typescript-sdk#2580).
    expect([
      [1, 2],
      [1, 2, 3],
    ]).toContainEqual(progress);
  });

  it('cancels hang and records the cancellation', async () => {
    const before = await cancelledCount(watched.client);
    expect(await cancelHang(watched.client)).toBeInstanceOf(Error);
    await expect.poll(() => cancelledCount(watched.client)).toBe(before + 1);
  });

  it('announces a tool added at run time', async () => {
    const changed = watched.nextToolsChange();
    const name = `dyn_${Math.random().toString(36).slice(2, 8)}`;
    expect(await call(watched.client, 'add_tool', { name })).toBe(`added ${name}`);
    expect((await changed).map((tool) => tool.name)).toContain(name);
    expect(await call(watched.client, name, { text: 'x' })).toBe(`${name}: x`);
  });
}

describe('fixture server over stdio, 2025 handshake', () => {
  let watched: Watched;
  let transport: StdioClientTransport;
  const stderr: string[] = [];
  beforeAll(async () => {
    watched = createClient('legacy');
    transport = stdioTransport(['--name', 'alpha', '--tools', '3'], true);
    await watched.client.connect(transport);
    transport.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  });
  afterAll(async () => {
    await watched.client.close();
  });

  it('speaks the 2025 era', () => {
    expect(watched.client.getProtocolEra()).toBe('legacy');
    expect(watched.client.getServerVersion()?.name).toBe('alpha');
  });

  it('lists tools with annotations, including generated ones', async () => {
    const { tools } = await watched.client.listTools();
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    expect(byName.get('echo')?.annotations?.readOnlyHint).toBe(true);
    expect(byName.get('write_note')?.annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: false,
    });
    expect(byName.get('delete_notes')?.annotations?.destructiveHint).toBe(true);
    expect([...byName.keys()]).toEqual(expect.arrayContaining(['tool_0', 'tool_1', 'tool_2']));
    expect(byName.has('tool_3')).toBe(false);
  });

  it('keeps notes readable as resources', async () => {
    expect(await call(watched.client, 'write_note', { text: 'first' })).toBe('notes: 1');
    expect(await call(watched.client, 'write_note', { text: 'second' })).toBe('notes: 2');
    const notes = await watched.client.readResource({ uri: 'fixture://notes' });
    expect(notes.contents[0]).toMatchObject({ text: 'first\nsecond' });
    const note = await watched.client.readResource({ uri: 'fixture://note/1' });
    expect(note.contents[0]).toMatchObject({ text: 'second' });
    const { resourceTemplates } = await watched.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toContain('fixture://note/{id}');
    expect(await call(watched.client, 'delete_notes')).toBe('deleted: 2');
  });

  it('serves the greet prompt with completion', async () => {
    const { prompts } = await watched.client.listPrompts();
    expect(prompts.map((prompt) => prompt.name)).toContain('greet');
    const prompt = await watched.client.getPrompt({ name: 'greet', arguments: { name: 'ann' } });
    expect(prompt.messages[0]).toMatchObject({
      role: 'user',
      content: { type: 'text', text: 'Hello, ann!' },
    });
    const completion = await watched.client.complete({
      ref: { type: 'ref/prompt', name: 'greet' },
      argument: { name: 'name', value: 'b' },
    });
    expect(completion.completion.values).toEqual(['bob']);
  });

  it('reports its process, environment, big payloads and stderr', async () => {
    const who = JSON.parse(await call(watched.client, 'whoami')) as { pid: number; name: string };
    expect(who).toEqual({ pid: transport.pid, name: 'alpha' });
    expect(await call(watched.client, 'env', { name: 'FIXTURE_TEST_VAR' })).toBe('forty-two');
    expect(await call(watched.client, 'env', { name: 'FIXTURE_NOT_SET' })).toBe('<unset>');
    expect(await call(watched.client, 'big', { bytes: 200_000 })).toHaveLength(200_000);
    expect(await call(watched.client, 'stderr', { text: 'to-stderr-123' })).toBe('ok');
    await expect.poll(() => stderr.join('')).toContain('to-stderr-123');
  });
});

describe('fixture behaviour, stdio, 2025 handshake', () => {
  behavesLikeFixture(async () => {
    const watched = createClient('legacy');
    await watched.client.connect(stdioTransport([]));
    return watched;
  });
});

describe('fixture behaviour, stdio, 2026-07-28 negotiation', () => {
  behavesLikeFixture(async () => {
    const watched = createClient('auto');
    await watched.client.connect(stdioTransport([]));
    expect(watched.client.getProtocolEra()).toBe('modern');
    return watched;
  });
});

describe('fixture behaviour, HTTP', () => {
  let fixture: HttpFixture;
  beforeAll(async () => {
    fixture = await startHttpFixture(['--name', 'web']);
  });
  afterAll(async () => {
    await fixture.stop();
  });

  const connectHttp = (era: Era) => async () => {
    const watched = createClient(era);
    await watched.client.connect(new StreamableHTTPClientTransport(new URL(fixture.url)));
    expect(watched.client.getProtocolEra()).toBe(era === 'auto' ? 'modern' : 'legacy');
    return watched;
  };
  describe('2025 handshake (stateful sessions)', () => behavesLikeFixture(connectHttp('legacy')));
  describe('2026-07-28 negotiation', () => behavesLikeFixture(connectHttp('auto')));

  it('names itself and shares state across eras', async () => {
    const watched = await connectHttp('auto')();
    const who = JSON.parse(await call(watched.client, 'whoami')) as { pid: number; name: string };
    expect(who).toEqual({ pid: fixture.pid, name: 'web' });
    await watched.client.close();
  });
});

describe('fixture faults', () => {
  async function connectWith(args: string[], transport?: Transport): Promise<Client> {
    const client = new Client({ name: 'fault-test', version: '1.0.0' });
    await client.connect(transport ?? stdioTransport(args));
    return client;
  }

  it('crash ends the call with an error and closes the connection', async () => {
    const client = await connectWith([]);
    const closed = new Promise<void>((resolve) => (client.onclose = resolve));
    await expect(client.callTool({ name: 'crash', arguments: {} })).rejects.toThrow();
    await closed;
  });

  it('--exit-at-start makes connect fail', async () => {
    await expect(connectWith(['--exit-at-start'])).rejects.toThrow();
  });

  it('--garbage-stdout and --stderr-flood leave the protocol usable', async () => {
    const transport = stdioTransport(['--garbage-stdout', '--stderr-flood', '2000'], true);
    let flooded = 0;
    transport.stderr?.on('data', (chunk: Buffer) => (flooded += chunk.length));
    const client = await connectWith([], transport);
    expect(await call(client, 'echo', { text: 'still here' })).toBe('echo: still here');
    await expect.poll(() => flooded).toBeGreaterThan(20_000);
    await client.close();
  });
});

describe('official everything server', () => {
  afterAll(stopAllFixtures);

  it('connects over SSE', async () => {
    const everything = await startEverything('sse');
    const client = new Client({ name: 'everything-test', version: '1.0.0' });
    await client.connect(new SSEClientTransport(new URL(everything.url)));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('echo');
    await client.close();
    await everything.stop();
  });

  it('connects over stdio', async () => {
    const client = new Client({ name: 'everything-test', version: '1.0.0' });
    await client.connect(new StdioClientTransport({ ...everythingStdio(), stderr: 'ignore' }));
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toContain('echo');
    await client.close();
  });
});

describe('official filesystem and memory servers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'switchboard-fixtures-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function toolNames(command: {
    command: string;
    args: string[];
    env: Record<string, string>;
  }) {
    const client = new Client({ name: 'servers-test', version: '1.0.0' });
    const env = { ...getDefaultEnvironment(), ...command.env };
    await client.connect(new StdioClientTransport({ ...command, env, stderr: 'ignore' }));
    const { tools } = await client.listTools();
    await client.close();
    return tools.map((tool) => tool.name);
  }

  it('starts the filesystem server on a root', async () => {
    expect(await toolNames(filesystemStdio(dir))).toContain('read_text_file');
  });

  it('starts the memory server on a file', async () => {
    expect(await toolNames(memoryStdio(join(dir, 'memory.jsonl')))).toContain('create_entities');
  });
});
