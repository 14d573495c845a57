import { isIP } from 'node:net';

/**
 * Which addresses the web server may connect to (issue 7: the Web preset must not become an SSRF
 * hole). Pure functions: an address is refused when it is loopback, link-local (cloud metadata
 * lives at 169.254.169.254), private, shared, reserved or multicast, in IPv4 or IPv6, including
 * IPv6 forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4). A host the user
 * allowed explicitly (SWITCHBOARD_WEB_ALLOW_HOSTS) skips the check.
 */

/** [first octets as a 32-bit number, prefix length, why] */
const BLOCKED_V4: readonly (readonly [string, number, string])[] = [
  ['0.0.0.0', 8, 'this network'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared (carrier-grade NAT)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local (cloud metadata)'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

function v4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function v4FromBytes(bytes: readonly number[]): string {
  return bytes.join('.');
}

/** Why an IPv4 address is refused, or undefined when it is public. */
export function blockedV4Reason(address: string): string | undefined {
  const n = v4ToNumber(address);
  for (const [base, bits, why] of BLOCKED_V4) {
    const size = 2 ** (32 - bits);
    const start = v4ToNumber(base);
    if (n >= start && n < start + size) return `${address} is ${why}`;
  }
  return undefined;
}

/** The 16 bytes of an IPv6 address (any textual form, with or without a zone or a dotted tail). */
export function ipv6Bytes(address: string): number[] {
  let text = address.replace(/%.*$/, '').toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted?.[1]) {
    tail.push(...dotted[1].split('.').map(Number));
    text = text.slice(0, -dotted[1].length) + '0:0';
  }
  const [head = '', rest] = text.split('::');
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(head);
  const right = rest === undefined ? [] : groups(rest);
  const fill = rest === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  const words = [...left, ...fill, ...right].map((g) => parseInt(g, 16));
  const bytes = words.flatMap((w) => [(w >> 8) & 0xff, w & 0xff]);
  if (tail.length === 4) bytes.splice(12, 4, ...tail);
  return bytes;
}

function startsWith(bytes: readonly number[], prefix: readonly number[], bits: number): boolean {
  for (let bit = 0; bit < bits; bit += 1) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if (((bytes[byte] ?? 0) & mask) !== ((prefix[byte] ?? 0) & mask)) return false;
  }
  return true;
}

/** IPv6 prefixes refused outright: [prefix bytes, prefix length, why]. */
const BLOCKED_V6: readonly (readonly [number[], number, string])[] = [
  [[0xfc], 7, 'unique local (private)'],
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'site-local'],
  [[0xff], 8, 'multicast'],
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'documentation'],
  [[0x01, 0x00, 0, 0, 0, 0, 0, 0], 64, 'discard-only'],
];

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 or 6to4), if any. */
export function embeddedV4(bytes: readonly number[]): string | undefined {
  const zeros = (from: number, to: number) => bytes.slice(from, to).every((b) => b === 0);
  if (zeros(0, 10) && bytes[10] === 0xff && bytes[11] === 0xff) return v4FromBytes(bytes.slice(12));
  if (zeros(0, 12)) return v4FromBytes(bytes.slice(12)); // IPv4-compatible (deprecated)
  if (startsWith(bytes, [0x00, 0x64, 0xff, 0x9b], 96)) return v4FromBytes(bytes.slice(12)); // NAT64
  if (bytes[0] === 0x20 && bytes[1] === 0x02) return v4FromBytes(bytes.slice(2, 6)); // 6to4
  return undefined;
}

/** Why an IPv6 address is refused, or undefined when it is public. */
export function blockedV6Reason(address: string): string | undefined {
  const bytes = ipv6Bytes(address);
  if (bytes.every((b) => b === 0)) return `${address} is unspecified`;
  if (bytes.slice(0, 15).every((b) => b === 0) && bytes[15] === 1) return `${address} is loopback`;
  const v4 = embeddedV4(bytes);
  if (v4 !== undefined) {
    const why = blockedV4Reason(v4);
    return why === undefined ? undefined : `${address} carries ${why}`;
  }
  for (const [prefix, bits, why] of BLOCKED_V6) {
    if (startsWith(bytes, prefix, bits)) return `${address} is ${why}`;
  }
  return undefined;
}

/** Why an IP address (v4 or v6) is refused, or undefined when it may be reached. */
export function blockedAddressReason(address: string): string | undefined {
  const family = isIP(address.replace(/%.*$/, ''));
  if (family === 4) return blockedV4Reason(address);
  if (family === 6) return blockedV6Reason(address);
  return `${address} is not an IP address`;
}

/**
 * The hosts a person allowed: a comma- or whitespace-separated list of host names, IP literals
 * and `*.domain` wildcards (which match sub-domains, not the domain itself). Case-insensitive.
 */
export function parseAllowHosts(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, ''),
    )
    .filter((h) => h !== '');
}

/** Whether `hostname` (as in a URL, IPv6 without brackets) is on the allow list. */
export function isHostAllowed(hostname: string, allow: readonly string[]): boolean {
  const host = hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  return allow.some((entry) =>
    entry.startsWith('*.') ? host.endsWith(entry.slice(1)) : host === entry,
  );
}
