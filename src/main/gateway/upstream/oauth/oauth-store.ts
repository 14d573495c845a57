import type {
  OAuthDiscoveryState,
  StoredOAuthClientInformation,
  StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { readTextIfExists, writeFileAtomic } from '../../config/files.js';
import { SEALED_PREFIX } from '../../config/sealed-store.js';
import type { SecretStore } from '../../ports.js';

/** Tokens as kept: the server's answer plus when the access token stops working. */
export type KeptTokens = StoredOAuthTokens & {
  /** Epoch ms at which the access token expires (from `expires_in` when it was issued). */
  expires_at?: number;
  /** The resource (RFC 8707) the tokens were issued for; they are never sent anywhere else. */
  resource?: string;
};

/** Everything Switchboard keeps about one server's sign-in; all of it secret. */
export interface OAuthRecord {
  client?: StoredOAuthClientInformation;
  tokens?: KeptTokens;
  discovery?: OAuthDiscoveryState;
  /** PKCE verifier and `state` of the sign-in under way. */
  verifier?: string;
  pendingState?: string;
  /** The scope last asked for, and the wider one a server demanded (step-up). */
  scope?: string;
  /** Why the server needs a sign-in, when a refresh was refused or a scope was missing. */
  needsSignIn?: string;
}

interface StoreFile {
  version: 1;
  servers: Record<string, string>;
}

/**
 * Sign-in records per server, in one file of the data directory (0600), each record sealed
 * by the SecretStore (safeStorage on the desktop; the plain file headless, as other secrets).
 * This file is the only place a token is ever written.
 */
export class OAuthStore {
  private readonly records = new Map<string, OAuthRecord>();

  constructor(
    private readonly file: string,
    private readonly secrets: SecretStore,
    /** Told about a record that could not be unsealed (another machine's keychain). */
    onWarning: (message: string) => void = () => {},
  ) {
    const text = readTextIfExists(file);
    if (!text) return;
    try {
      const parsed = JSON.parse(text) as StoreFile;
      for (const [id, sealed] of Object.entries(parsed.servers ?? {})) {
        try {
          const plain = sealed.startsWith(SEALED_PREFIX)
            ? secrets.decrypt(sealed.slice(SEALED_PREFIX.length))
            : sealed;
          this.records.set(id, JSON.parse(plain) as OAuthRecord);
        } catch {
          onWarning(`server "${id}": its sign-in could not be unsealed here; sign in again.`);
        }
      }
    } catch {
      onWarning(`${file} is not valid JSON; every OAuth server needs a new sign-in.`);
    }
  }

  /** The servers with a record. */
  ids(): string[] {
    return [...this.records.keys()];
  }

  get(id: string): OAuthRecord | undefined {
    return this.records.get(id);
  }

  /** Replaces a server's record with what `edit` returns (undefined forgets it) and saves. */
  update(
    id: string,
    edit: (record: OAuthRecord) => OAuthRecord | undefined,
  ): OAuthRecord | undefined {
    const next = edit({ ...(this.records.get(id) ?? {}) });
    if (next) this.records.set(id, next);
    else this.records.delete(id);
    this.save();
    return next;
  }

  private save(): void {
    const servers: Record<string, string> = {};
    for (const [id, record] of this.records) {
      servers[id] = SEALED_PREFIX + this.secrets.encrypt(JSON.stringify(record));
    }
    writeFileAtomic(this.file, JSON.stringify({ version: 1, servers } satisfies StoreFile), 0o600);
  }
}
