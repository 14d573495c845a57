import type { SecretStore } from '../gateway/index.js';

/**
 * The SecretStore on the OS keychain, through Electron's safeStorage (Keychain on macOS,
 * DPAPI on Windows, libsecret/kwallet on Linux). The cipher is injected — index.ts passes
 * `safeStorage` itself — so the round trip is tested under Node with a stand-in cipher.
 */

/** The part of Electron's `safeStorage` this store uses (it satisfies this type as is). */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  /** Linux only: `basic_text` means a hard-coded key, i.e. no real protection. */
  getSelectedStorageBackend?(): string;
}

/** Sealed values are `sb-safe:v1:<base64>`, so a plain value is never mistaken for a sealed one. */
export const SEALED_PREFIX = 'sb-safe:v1:';

/** Whether a stored value was sealed by this store. */
export function isSealed(value: string): boolean {
  return value.startsWith(SEALED_PREFIX);
}

/** A SecretStore that seals with `cipher`; it throws rather than store a secret unprotected. */
export function createSafeStorageSecrets(cipher: StringCipher): SecretStore {
  return {
    encrypt(plain) {
      assertAvailable(cipher);
      return SEALED_PREFIX + cipher.encryptString(plain).toString('base64');
    },
    decrypt(sealed) {
      if (!isSealed(sealed))
        throw new Error('this value was not sealed by Switchboard, so it cannot be opened');
      assertAvailable(cipher);
      try {
        return cipher.decryptString(Buffer.from(sealed.slice(SEALED_PREFIX.length), 'base64'));
      } catch (error) {
        // The keychain entry changed (another machine, a reset keychain): say what to do.
        throw new Error(
          'a stored secret cannot be opened with this keychain; enter the secret again in the server settings',
          { cause: error },
        );
      }
    },
  };
}

function assertAvailable(cipher: StringCipher): void {
  if (!cipher.isEncryptionAvailable()) {
    throw new Error(
      'the system keychain is not available, so secrets cannot be stored safely; on Linux, install and unlock a keyring (gnome-keyring or KWallet)',
    );
  }
  if (cipher.getSelectedStorageBackend?.() === 'basic_text') {
    throw new Error(
      'no keyring was found (Electron fell back to a built-in key), so secrets cannot be stored safely; install and unlock gnome-keyring or KWallet',
    );
  }
}
