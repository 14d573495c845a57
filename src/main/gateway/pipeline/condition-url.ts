import { domainToASCII } from 'node:url';

/** How a host condition judged a value: in the list, not, or why it could not tell. */
export type HostJudgement = { inside: boolean; host: string } | { problem: string };

const DEFAULT_PORTS: Record<string, number> = {
  'http:': 80,
  'https:': 443,
  'ws:': 80,
  'wss:': 443,
};

/** A host name as compared: lowercased, trailing dot stripped, IDN as punycode; '' if invalid. */
export function normalizeHost(host: string): string {
  const bare = host.trim().toLowerCase().replace(/\.$/, '');
  if (bare.startsWith('[')) return bare;
  return domainToASCII(bare);
}

/** Whether a normalized host matches one list entry; `*.x` matches subdomains of x only. */
export function hostMatches(host: string, entry: string): boolean {
  if (entry.startsWith('*.')) {
    const parent = normalizeHost(entry.slice(2));
    return parent !== '' && host.endsWith(`.${parent}`);
  }
  const exact = normalizeHost(entry);
  return exact !== '' && host === exact;
}

/**
 * Whether a URL's host (and scheme, port when the condition names them) is in a list. A URL
 * that does not parse, carries user info (`user@host`), a backslash or whitespace cannot be
 * judged: parsers disagree on such text, and the server's parser is not ours.
 */
export function judgeUrl(
  value: string,
  hosts: readonly string[],
  schemes?: readonly string[],
  ports?: readonly number[],
): HostJudgement {
  if (value.length > 8192) return { problem: 'longer than 8192 characters' };
  // Control characters included: URL parsers drop some of them silently, differently.
  // eslint-disable-next-line no-control-regex
  if (/[\\\s\u0000-\u001f\u007f]/.test(value)) {
    return { problem: 'contains a backslash, whitespace or a control character' };
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'not a URL' };
  }
  if (url.username || url.password || /^[a-z][a-z0-9+.-]*:\/*[^/?#]*@/i.test(value)) {
    return { problem: 'has user info ("user@host")' };
  }
  const host = normalizeHost(url.hostname);
  if (!host) return { problem: 'no host' };
  const port = url.port ? Number(url.port) : DEFAULT_PORTS[url.protocol];
  const schemeOk =
    !schemes || schemes.some((s) => `${s.toLowerCase().replace(/:$/, '')}:` === url.protocol);
  const portOk = !ports || (port !== undefined && ports.includes(port));
  const hostOk = hosts.some((entry) => hostMatches(host, entry));
  return { inside: schemeOk && portOk && hostOk, host };
}
