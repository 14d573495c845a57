import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import zlib from 'node:zlib';
import { blockedAddressReason, isHostAllowed } from './address-policy.js';

/**
 * One guarded HTTP(S) GET per hop. The address check runs inside the socket's own DNS lookup, so
 * the address that is checked is the address that is connected to (no DNS-rebinding window), and
 * redirects are followed by hand so every hop is checked again. Proxy variables are ignored.
 */

/** A refusal by the address policy; its message says how to allow the host. */
export class BlockedRequestError extends Error {
  override readonly name = 'BlockedRequestError';
}

export interface FetchOptions {
  /** Hosts the person allowed explicitly (see parseAllowHosts). */
  allowHosts: readonly string[];
  maxRedirects?: number;
  maxBytes?: number;
  timeoutMs?: number;
  userAgent?: string;
}

export interface FetchedPage {
  /** The URL of the last hop. */
  url: string;
  status: number;
  contentType: string;
  body: Buffer;
  /** True when the body was cut at maxBytes. */
  truncated: boolean;
}

const DEFAULTS = { maxRedirects: 5, maxBytes: 5_000_000, timeoutMs: 20_000 };

function refusal(host: string, why: string): BlockedRequestError {
  return new BlockedRequestError(
    `Refused to fetch from ${host}: ${why}. Requests to loopback, link-local and private ` +
      `addresses are blocked; allow the host explicitly in the Web server's "Allowed hosts" ` +
      `setting (SWITCHBOARD_WEB_ALLOW_HOSTS) if you trust it.`,
  );
}

/** A socket lookup that resolves every address and refuses the host if any of them is blocked. */
function guardedLookup(host: string): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 4);
      for (const { address } of addresses) {
        const why = blockedAddressReason(address);
        if (why !== undefined) return callback(refusal(host, `it resolves to ${why}`), '', 4);
      }
      if (options.all) return callback(null, addresses as never, 4);
      const first = addresses[0];
      if (!first) return callback(new Error(`${hostname} has no address`), '', 4);
      callback(null, first.address, first.family);
    });
  };
}

/** Throws BlockedRequestError unless the URL may be requested (scheme, literal IPs). */
export function checkUrl(url: URL, allowHosts: readonly string[]): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BlockedRequestError(`Only http and https URLs can be fetched, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new BlockedRequestError('URLs with credentials in them are refused');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isHostAllowed(host, allowHosts)) return;
  if (isIP(host) !== 0) {
    const why = blockedAddressReason(host);
    if (why !== undefined) throw refusal(host, why);
  }
}

function decode(res: IncomingMessage): NodeJS.ReadableStream {
  const encoding = String(res.headers['content-encoding'] ?? '').toLowerCase();
  if (encoding === 'gzip' || encoding === 'x-gzip') return res.pipe(zlib.createGunzip());
  if (encoding === 'deflate') return res.pipe(zlib.createInflate());
  if (encoding === 'br') return res.pipe(zlib.createBrotliDecompress());
  return res;
}

async function readBody(
  res: IncomingMessage,
  maxBytes: number,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decode(res)) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    chunks.push(buf);
    size += buf.length;
    if (size >= maxBytes) {
      res.destroy();
      return { body: Buffer.concat(chunks).subarray(0, maxBytes), truncated: true };
    }
  }
  return { body: Buffer.concat(chunks), truncated: false };
}

function requestOnce(url: URL, options: Required<FetchOptions>): Promise<IncomingMessage> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const allowed = isHostAllowed(host, options.allowHosts);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'GET',
      agent: false,
      headers: {
        'user-agent': options.userAgent,
        accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,application/json;q=0.8,*/*;q=0.5',
        'accept-encoding': 'gzip, deflate, br',
      },
      timeout: options.timeoutMs,
      ...(allowed ? {} : { lookup: guardedLookup(host) }),
    });
    req.on('response', resolve);
    req.on('timeout', () => req.destroy(new Error(`${url.host} did not answer in time`)));
    req.on('error', reject);
    req.end();
  });
}

/** GETs `rawUrl`, following up to maxRedirects redirects, each hop checked by the policy. */
export async function fetchPage(rawUrl: string, options: FetchOptions): Promise<FetchedPage> {
  const opts: Required<FetchOptions> = {
    ...DEFAULTS,
    userAgent: 'Switchboard-Web/1.0 (+MCP fetch)',
    ...options,
  };
  let url = new URL(rawUrl);
  for (let hop = 0; ; hop += 1) {
    checkUrl(url, opts.allowHosts);
    const res = await requestOnce(url, opts);
    const status = res.statusCode ?? 0;
    const location = res.headers.location;
    if (status >= 300 && status < 400 && location !== undefined) {
      res.resume();
      if (hop >= opts.maxRedirects) throw new Error(`Too many redirects (more than ${hop})`);
      url = new URL(location, url);
      continue;
    }
    const { body, truncated } = await readBody(res, opts.maxBytes);
    const contentType = String(res.headers['content-type'] ?? '');
    return { url: url.href, status, contentType, body, truncated };
  }
}
