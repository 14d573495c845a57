import { describe, expect, it } from 'vitest';
import { SetServerKeepWarmInputSchema } from '../../../shared/control.js';
import { ConfigSchema, ServerConfigSchema } from '../../../shared/model.js';
import { parseConfig } from './migrations.js';

// The quiet period (global and per server) and keep-warm: defaults, the old opt-in's `0`, and
// bad values refused with a message that names the field.

const server = (extra: Record<string, unknown>) => ({
  id: 'files',
  transport: { type: 'stdio', command: 'node', args: ['server.js'] },
  ...extra,
});
const file = (extra: Record<string, unknown>, settings: Record<string, unknown> = {}) => ({
  version: 1,
  settings,
  servers: [server(extra)],
});

describe('sleep settings', () => {
  it('sleeps quiet servers after 10 minutes by default, none kept warm', () => {
    const config = ConfigSchema.parse(file({}));
    expect(config.settings.idleStopMs).toBe(600_000);
    expect(config.servers[0]!.keepWarm).toBe(false);
    expect(config.servers[0]!.idleStopMs).toBeUndefined();
  });

  it('takes a per-server quiet period and keep-warm, and a global 0 (never)', () => {
    const config = ConfigSchema.parse(
      file({ idleStopMs: 2_000, keepWarm: true }, { idleStopMs: 0 }),
    );
    expect(config.servers[0]!.idleStopMs).toBe(2_000);
    expect(config.servers[0]!.keepWarm).toBe(true);
    expect(config.settings.idleStopMs).toBe(0);
  });

  it("reads a server's old default `idleStopMs: 0` as no period of its own", () => {
    const parsed = ServerConfigSchema.parse(server({ idleStopMs: 0, lazy: false }));
    expect(parsed.idleStopMs).toBeUndefined();
    // What is saved again carries no `0` that would mean something else later.
    expect(JSON.stringify(parsed)).not.toContain('idleStopMs');
  });

  it.each([
    [{ idleStopMs: -5 }, {}, 'idleStopMs'],
    [{ idleStopMs: '10m' }, {}, 'idleStopMs'],
    [{ idleStopMs: 1.5 }, {}, 'idleStopMs'],
    [{ keepWarm: 'yes' }, {}, 'keepWarm'],
    [{}, { idleStopMs: -1 }, 'idleStopMs'],
    [{}, { idleStopMs: 'ten minutes' }, 'idleStopMs'],
  ])('refuses %j (settings %j), naming %s', (extra, settings, field) => {
    const result = parseConfig(file(extra, settings));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(field);
  });

  it('validates the keep-warm control input', () => {
    expect(SetServerKeepWarmInputSchema.safeParse({ id: 'files', keepWarm: true }).success).toBe(
      true,
    );
    expect(SetServerKeepWarmInputSchema.safeParse({ id: 'files', keepWarm: 'on' }).success).toBe(
      false,
    );
    expect(SetServerKeepWarmInputSchema.safeParse({ id: 'Bad Id!', keepWarm: true }).success).toBe(
      false,
    );
  });
});
