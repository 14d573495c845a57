import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SEALED_PREFIX,
  createSafeStorageSecrets,
  type StringCipher,
} from './safe-storage-secrets.js';

/** A tiny AES-256-GCM cipher standing in for Electron's safeStorage (iv | tag | ciphertext). */
function aesGcmCipher(key = randomBytes(32), backend = 'gnome_libsecret'): StringCipher {
  return {
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => backend,
    encryptString(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    decryptString(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

describe('createSafeStorageSecrets', () => {
  it('round-trips secrets, and never stores them in the clear', () => {
    const secrets = createSafeStorageSecrets(aesGcmCipher());
    for (const plain of [
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      '',
      'pässwörd 🔑',
      'x'.repeat(10_000),
    ]) {
      const sealed = secrets.encrypt(plain);
      expect(sealed.startsWith(SEALED_PREFIX)).toBe(true);
      if (plain) expect(sealed).not.toContain(plain);
      expect(secrets.decrypt(sealed)).toBe(plain);
    }
  });

  it('refuses values it did not seal, and tampered or foreign ones, with what to do', () => {
    const secrets = createSafeStorageSecrets(aesGcmCipher());
    expect(() => secrets.decrypt('plain-text')).toThrow(/not sealed by Switchboard/);
    const other = createSafeStorageSecrets(aesGcmCipher()).encrypt('hello');
    expect(() => secrets.decrypt(other)).toThrow(/enter the secret again/);
    const sealed = secrets.encrypt('hello');
    const tampered = sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    expect(() => secrets.decrypt(tampered)).toThrow(/enter the secret again/);
  });

  it('refuses to seal without a real keychain', () => {
    const unavailable = { ...aesGcmCipher(), isEncryptionAvailable: () => false };
    expect(() => createSafeStorageSecrets(unavailable).encrypt('x')).toThrow(
      /keychain is not available/,
    );
    const basic = aesGcmCipher(undefined, 'basic_text');
    expect(() => createSafeStorageSecrets(basic).encrypt('x')).toThrow(/no keyring was found/);
  });
});
