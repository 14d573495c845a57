import { existsSync, renameSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Tool } from '@modelcontextprotocol/server';
import { digestOf } from '../pipeline/canonical.js';
import { BackgroundFile, readTextIfExists } from '../config/files.js';
import { diffFields } from './pin-diff.js';

/** Pins changed within this long (ten servers listing one after another) share one write. */
const PINS_WRITE_DELAY_MS = 100;

/**
 * Tool pinning, the rug-pull defence. When a server is first connected, each tool's
 * model-facing fields are pinned (trust on first use). Later, a tool whose fields changed, a
 * new tool on an accepted server (when the server says so) and a tool the scanner flagged all
 * wait for a person as a `Change`; until then the gateway hides them from every role.
 *
 * `reviewTools` is pure; `PinStore` keeps the pins in one 0600 JSON file. The gateway wires
 * the two together (`PinStore.review`) and exposes `Change`s through the control API.
 */

/** The fields of a tool a model reads, and so the fields a pin covers. */
export interface PinnedFields {
  name: string;
  title?: string;
  description?: string;
  inputSchema: unknown;
  outputSchema?: unknown;
  annotations?: unknown;
}

/** One pinned tool. */
export interface Pin {
  /** `toolDigest` of the accepted tool. */
  digest: string;
  /** The accepted fields, kept so a later change can be shown as a diff. */
  fields: PinnedFields;
  /** ISO time of the pin. */
  pinnedAt: string;
}

/** A server's pins by original tool name, and the versions a person rejected. */
export interface ServerPins {
  tools: Record<string, Pin>;
  /** Tool name → digests a person rejected; those versions stay hidden without asking again. */
  rejected: Record<string, string[]>;
}

/** Why a tool waits for review. */
export type ChangeReason = 'changed' | 'new' | 'flagged';

/** A tool waiting for a person's decision. */
export interface Change {
  /** Stable for one server, tool and version: the same id in every process and after restarts. */
  id: string;
  server: string;
  tool: string;
  reason: ChangeReason;
  /** What the scanner found (may be non-empty for `changed` and `new` too). */
  flags: string[];
  /** A readable unified-style diff of the pinned fields, old (`-`) against new (`+`). */
  diff: string;
  /** The pinned version, for `changed`. */
  before?: Tool;
  after: Tool;
}

/** What `reviewTools` decided. */
export interface Review {
  /** Tools the gateway may expose (pinned and unchanged, or accepted on first use). */
  accepted: Tool[];
  /** Tools that wait for a person. */
  pending: Change[];
  /** Tools whose current version a person already rejected: hidden, not asked again. */
  rejected: Change[];
}

/** How `reviewTools` treats tools it has no pin for. */
export interface ReviewOptions {
  /** New tools on an already-accepted server wait for review (per server). */
  newToolsWait: boolean;
  /** The server was never connected before: unflagged tools are pinned as they are. */
  firstConnect: boolean;
  /** The description scanner (`scanTool`); a non-empty result makes an unpinned tool wait. */
  scan: (tool: Tool) => string[];
}

/** The fields a pin covers, copied (extra keys such as `_meta` and `icons` are not pinned). */
export function pinnedFields(tool: Tool): PinnedFields {
  const fields: PinnedFields = { name: tool.name, inputSchema: tool.inputSchema };
  if (tool.title !== undefined) fields.title = tool.title;
  if (tool.description !== undefined) fields.description = tool.description;
  if (tool.outputSchema !== undefined) fields.outputSchema = tool.outputSchema;
  if (tool.annotations !== undefined) fields.annotations = tool.annotations;
  return fields;
}

/**
 * Hex SHA-256 over the canonical JSON of the tool's name, title, description, input and output
 * schema and annotations: key order and `_meta` do not change it; any other edit does.
 */
export function toolDigest(tool: Tool): string {
  // Review and pinning both need it, for every tool of every server at start-up.
  let digest = digests.get(tool);
  if (digest === undefined) {
    digest = digestOf(pinnedFields(tool));
    digests.set(tool, digest);
  }
  return digest;
}

/** Digests by tool object; lists from a server are never changed in place. */
const digests = new WeakMap<Tool, string>();

/**
 * Takes the `toolDigest` of each of `tools` as computed in an earlier run, so a restart does not
 * hash every remembered tool again (canonical JSON and SHA-256 of a few hundred tools took a
 * tenth of an everyday start). Only for tools read back from where the gateway stored them with
 * their digests (the catalog memory, a file as private as the pins themselves); lists from a
 * server are always hashed anew, so a tool a server changed is held back as before. Ignored
 * unless there is one well-formed digest per tool.
 */
export function reuseDigests(tools: readonly Tool[], known: readonly unknown[] | undefined): void {
  if (!Array.isArray(tools) || !Array.isArray(known) || known.length !== tools.length) return;
  if (!known.every((d) => typeof d === 'string' && SHA256_HEX.test(d))) return;
  tools.forEach((tool, i) => {
    if (!digests.has(tool)) digests.set(tool, known[i] as string);
  });
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The id of a change: server, tool and the new version's digest. */
export function changeId(server: string, tool: string, digest: string): string {
  return digestOf({ server, tool, digest }).slice(0, 12);
}

/**
 * Sorts a server's tools into accepted, pending and rejected against its pins. Pure: the
 * caller pins the accepted tools it had no pin for (`PinStore.review` does both).
 */
export function reviewTools(
  serverId: string,
  tools: readonly Tool[],
  pins: ServerPins | undefined,
  options: ReviewOptions,
): Review {
  const review: Review = { accepted: [], pending: [], rejected: [] };
  for (const tool of tools) {
    const digest = toolDigest(tool);
    const pin = pins?.tools[tool.name];
    if (pin?.digest === digest) {
      review.accepted.push(tool);
      continue;
    }
    const flags = options.scan(tool);
    const reason: ChangeReason | undefined = pin
      ? 'changed'
      : flags.length > 0
        ? 'flagged'
        : !options.firstConnect && options.newToolsWait
          ? 'new'
          : undefined;
    if (!reason) {
      review.accepted.push(tool);
      continue;
    }
    const change: Change = {
      id: changeId(serverId, tool.name, digest),
      server: serverId,
      tool: tool.name,
      reason,
      flags,
      diff: diffFields(serverId, pin?.fields, pinnedFields(tool)),
      ...(pin ? { before: pin.fields as Tool } : {}),
      after: tool,
    };
    const rejectedBefore = pins?.rejected[tool.name]?.includes(digest) ?? false;
    (rejectedBefore ? review.rejected : review.pending).push(change);
  }
  return review;
}

interface PinFile {
  version: 1;
  servers: Record<string, ServerPins>;
}

/** Most rejected versions remembered per tool (the oldest are forgotten first). */
const MAX_REJECTED_PER_TOOL = 20;

/**
 * The pins of every server, in one JSON file written atomically with mode 0600.
 *
 * A corrupt file is moved aside (`<name>.corrupt-<time>.json`) and the store fails closed:
 * every server counts as already known, so nothing is trusted on first use again until a
 * person accepted it — a rug-pull must not ride on a damaged file.
 */
export class PinStore {
  private data: PinFile = { version: 1, servers: {} };
  private failClosed = false;
  private readonly writer: BackgroundFile;
  /** Set when the file was unreadable at load; one line for the person. */
  readonly warning: string | undefined;

  constructor(
    private readonly file: string,
    private readonly now: () => number = Date.now,
    onWriteError: (error: unknown) => void = () => {},
  ) {
    this.warning = this.load();
    this.writer = new BackgroundFile(
      file,
      () => `${JSON.stringify(this.data, null, 2)}\n`,
      onWriteError,
      PINS_WRITE_DELAY_MS,
    );
  }

  /** Resolves once every change so far is on disk (the file is written in the background). */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** A server's pins, or undefined when the server was never reviewed. */
  pinsOf(serverId: string): ServerPins | undefined {
    return this.data.servers[serverId];
  }

  /** Whether the server was reviewed before (or the store lost its memory and trusts nothing). */
  knows(serverId: string): boolean {
    return this.failClosed || serverId in this.data.servers;
  }

  /**
   * Reviews a server's tools and pins what passed on first use; the server counts as known
   * afterwards even when every tool waits.
   */
  review(
    serverId: string,
    tools: readonly Tool[],
    options: Omit<ReviewOptions, 'firstConnect'>,
  ): Review {
    const review = reviewTools(serverId, tools, this.pinsOf(serverId), {
      ...options,
      firstConnect: !this.knows(serverId),
    });
    let dirty = !(serverId in this.data.servers);
    const pins = this.ensureServer(serverId);
    for (const tool of review.accepted) {
      if (pins.tools[tool.name]) continue;
      pins.tools[tool.name] = this.pinOf(tool);
      dirty = true;
    }
    if (dirty) this.save();
    return review;
  }

  /** Pins `tool` as the accepted version (a person's accept). */
  pin(serverId: string, tool: Tool): void {
    const pins = this.ensureServer(serverId);
    pins.tools[tool.name] = this.pinOf(tool);
    const digest = toolDigest(tool);
    const rejected = pins.rejected[tool.name]?.filter((d) => d !== digest) ?? [];
    if (rejected.length > 0) pins.rejected[tool.name] = rejected;
    else delete pins.rejected[tool.name];
    this.save();
  }

  /** Remembers that a person rejected this version of a tool. */
  reject(serverId: string, tool: Tool): void {
    const pins = this.ensureServer(serverId);
    const digest = toolDigest(tool);
    const list = (pins.rejected[tool.name] ?? []).filter((d) => d !== digest);
    pins.rejected[tool.name] = [...list, digest].slice(-MAX_REJECTED_PER_TOOL);
    this.save();
  }

  /** Forgets a server (it was removed from the config); a re-added server is trusted anew. */
  forget(serverId: string): void {
    if (!(serverId in this.data.servers)) return;
    delete this.data.servers[serverId];
    this.save();
  }

  private ensureServer(serverId: string): ServerPins {
    let pins = this.data.servers[serverId];
    if (!pins) {
      pins = { tools: {}, rejected: {} };
      this.data.servers[serverId] = pins;
    }
    return pins;
  }

  private pinOf(tool: Tool): Pin {
    return {
      digest: toolDigest(tool),
      fields: pinnedFields(tool),
      pinnedAt: new Date(this.now()).toISOString(),
    };
  }

  private save(): void {
    this.writer.schedule();
  }

  private load(): string | undefined {
    const text = readTextIfExists(this.file);
    if (text === undefined) return undefined;
    try {
      const parsed = JSON.parse(text) as PinFile;
      if (parsed?.version !== 1 || typeof parsed.servers !== 'object' || !parsed.servers) {
        throw new Error('not a pin file');
      }
      for (const pins of Object.values(parsed.servers)) {
        if (typeof pins.tools !== 'object' || !pins.tools) throw new Error('bad server entry');
        pins.rejected ??= {};
      }
      this.data = parsed;
      return undefined;
    } catch {
      const stamp = new Date(this.now()).toISOString().replace(/[:.]/g, '-');
      const name = basename(this.file).replace(/\.json$/, '');
      const aside = join(dirname(this.file), `${name}.corrupt-${stamp}.json`);
      if (existsSync(this.file)) renameSync(this.file, aside);
      this.failClosed = true;
      return `The tool pins file was unreadable and was moved to ${aside}; every tool waits for review until accepted again.`;
    }
  }
}

/** Accepts a change: its tool version is pinned and the gateway may expose it. */
export function acceptChange(store: PinStore, change: Change): void {
  store.pin(change.server, change.after);
}

/** Rejects a change: the version stays hidden and is not asked about again. */
export function rejectChange(store: PinStore, change: Change): void {
  store.reject(change.server, change.after);
}
