import type { IncomingMessage, ServerResponse } from 'node:http';

/** Default bound on a request body: larger bodies get 413 before they are buffered. */
export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Deepest JSON nesting accepted: deeper bodies get 400 before any recursive code runs. */
export const MAX_JSON_DEPTH = 64;

/** Why a body was refused, with the HTTP status and JSON-RPC code to answer with. */
export class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly rpcCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Reads a request body up to `limit` bytes; rejects with 413 as soon as it is over. */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    return Promise.reject(new BodyError(413, -32600, `request body over ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyError(413, -32600, `request body over ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    // Most bodies arrive in one chunk: decoded where they lie, without concat's copy.
    req.on('end', () =>
      resolve((chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)).toString('utf8')),
    );
    req.on('error', reject);
  });
}

/**
 * Parses a JSON-RPC body. Nesting is measured on the raw text first, so a 10,000-deep array
 * never reaches JSON.parse or any recursive schema code.
 */
export function parseJsonBody(text: string): unknown {
  if (jsonDepth(text) > MAX_JSON_DEPTH) {
    throw new BodyError(400, -32600, `JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new BodyError(400, -32700, 'Parse error: the body is not valid JSON');
  }
}

/** The maximum bracket depth of a JSON text, ignoring brackets inside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 || c === 123 /* [ { */) {
      if (++depth > max) max = depth;
    } else if (c === 93 || c === 125 /* ] } */) depth--;
  }
  return max;
}

/** Answers with `body` as JSON (with its length), for every route the gateway serves. */
export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
