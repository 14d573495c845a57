import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigSchema } from '../../../shared/model.js';
import { createFileConfigStore } from './config.js';
import type { SecretStore } from '../ports.js';
import { SEALED_PREFIX, sealConfigStore } from './sealed-store.js';

/** An AES-GCM cipher standing in for safeStorage. */
function testCipher(key = randomBytes(32)): SecretStore {
  return {
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]).toString('base64');
    },
    decrypt(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      d.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

const config = ConfigSchema.parse({
  version: 1,
  servers: [
    {
      id: 'gh',
      transport: {
        type: 'stdio',
        command: 'node',
        env: { GITHUB_TOKEN: 'ghp_secretvalue123456', MODE: 'x' },
      },
      secrets: ['GITHUB_TOKEN'],
    },
    {
      id: 'remote',
      transport: {
        type: 'http',
        url: 'http://127.0.0.1:1/mcp',
        headers: { authorization: 'Bearer abcdefgh' },
      },
      secrets: ['authorization'],
    },
  ],
});

describe('sealConfigStore', () => {
  it('keeps secret values sealed on disk and open in memory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealed-'));
    dirs.push(dir);
    const cipher = testCipher();
    const store = sealConfigStore(createFileConfigStore(dir), cipher);
    store.save(config);
    const text = readFileSync(join(dir, 'config.json'), 'utf8');
    expect(text).not.toContain('ghp_secretvalue123456');
    expect(text).not.toContain('Bearer abcdefgh');
    expect(text).toContain(SEALED_PREFIX);
    expect(text).toContain('"MODE": "x"');
    const loaded = store.load().config;
    expect(loaded.servers[0]!.transport).toMatchObject({
      env: { GITHUB_TOKEN: 'ghp_secretvalue123456', MODE: 'x' },
    });
    expect(loaded.servers[1]!.transport).toMatchObject({
      headers: { authorization: 'Bearer abcdefgh' },
    });
  });

  it('warns, never crashes, when a value cannot be unsealed (another keychain)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealed-'));
    dirs.push(dir);
    sealConfigStore(createFileConfigStore(dir), testCipher()).save(config);
    const result = sealConfigStore(createFileConfigStore(dir), testCipher()).load();
    expect(result.warnings.join('\n')).toContain('could not be unsealed');
    expect(result.config.servers[0]!.transport).toMatchObject({ env: { GITHUB_TOKEN: '' } });
  });
});
