import { describe, expect, it } from 'vitest';
import { ServerConfigSchema } from '../../../../shared/model';
import { EMPTY_FORM, formFromConfig, validateServerForm } from './server-form-model';

describe('validateServerForm', () => {
  it('builds a stdio config with args one per line and secret env names', () => {
    const { config, errors } = validateServerForm({
      ...EMPTY_FORM,
      id: 'files',
      command: 'npx',
      args: '-y\n@modelcontextprotocol/server-filesystem\n\n/tmp',
      env: [
        { key: 'TOKEN', value: 'abc', secret: true },
        { key: 'MODE', value: 'ro', secret: false },
      ],
    });
    expect(errors).toEqual({});
    expect(config?.transport).toEqual({
      type: 'stdio',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
      env: { TOKEN: 'abc', MODE: 'ro' },
    });
    expect(config?.secrets).toEqual(['TOKEN']);
  });

  it('reports field errors from the shared schema', () => {
    const { config, errors } = validateServerForm({
      ...EMPTY_FORM,
      id: 'Bad Id',
      kind: 'remote',
      url: 'ftp://x',
    });
    expect(config).toBeUndefined();
    expect(errors.id).toMatch(/server ids/);
    expect(errors.url).toMatch(/http\(s\) URL/);
  });

  it('rejects duplicate env names and a missing command', () => {
    const { errors } = validateServerForm({
      ...EMPTY_FORM,
      id: 'x',
      env: [
        { key: 'A', value: '1', secret: false },
        { key: 'A', value: '2', secret: false },
      ],
    });
    expect(errors.env).toMatch(/twice/);
    expect(errors.command).toMatch(/needs a command/);
  });

  it('round-trips a remote config, keeping masked secrets', () => {
    const form = formFromConfig(
      ServerConfigSchema.parse({
        id: 'gh',
        enabled: false,
        transport: {
          type: 'sse',
          url: 'https://example.com/sse',
          headers: { Authorization: '***' },
        },
        secrets: ['Authorization'],
      }),
    );
    expect(form.kind).toBe('remote');
    expect(form.headers).toEqual([{ key: 'Authorization', value: '***', secret: true }]);
    const { config } = validateServerForm(form);
    expect(config?.transport).toEqual({
      type: 'sse',
      url: 'https://example.com/sse',
      headers: { Authorization: '***' },
    });
    expect(config?.enabled).toBe(false);
  });
});
