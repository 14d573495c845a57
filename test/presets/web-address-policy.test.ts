import { describe, expect, it } from 'vitest';
import {
  blockedAddressReason,
  ipv6Bytes,
  isHostAllowed,
  parseAllowHosts,
} from '../../servers/web/address-policy.js';
import { checkUrl } from '../../servers/web/fetch-page.js';

describe('web address policy', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'unique local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:c0a8:0101::1', 'private'],
  ])('refuses %s (%s)', (address, why) => {
    expect(blockedAddressReason(address)).toContain(why);
  });

  it.each(['93.184.215.14', '1.1.1.1', '172.32.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'lets %s through',
    (address) => {
      expect(blockedAddressReason(address)).toBeUndefined();
    },
  );

  it('expands IPv6 forms to bytes', () => {
    expect(ipv6Bytes('::1')).toEqual([...Array(15).fill(0), 1]);
    expect(ipv6Bytes('::ffff:1.2.3.4').slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(ipv6Bytes('2001:db8::8:800:200c:417a').slice(0, 4)).toEqual([0x20, 0x01, 0x0d, 0xb8]);
  });

  it('matches allowed hosts exactly or by sub-domain wildcard', () => {
    const allow = parseAllowHosts(' localhost, *.corp.example ,[::1]');
    expect(allow).toEqual(['localhost', '*.corp.example', '::1']);
    expect(isHostAllowed('LOCALHOST', allow)).toBe(true);
    expect(isHostAllowed('wiki.corp.example', allow)).toBe(true);
    expect(isHostAllowed('corp.example', allow)).toBe(false);
    expect(isHostAllowed('evilcorp.example', allow)).toBe(false);
    expect(isHostAllowed('[::1]', allow)).toBe(true);
  });

  it('refuses other schemes, credentials and literal private IPs before connecting', () => {
    expect(() => checkUrl(new URL('file:///etc/passwd'), [])).toThrow(/Only http and https/);
    expect(() => checkUrl(new URL('http://user:pw@example.com/'), [])).toThrow(/credentials/);
    expect(() => checkUrl(new URL('http://[::ffff:10.0.0.1]/'), [])).toThrow(/private/);
    expect(() => checkUrl(new URL('http://2130706433/'), [])).toThrow(/loopback/);
    expect(() => checkUrl(new URL('http://127.0.0.1/'), ['127.0.0.1'])).not.toThrow();
  });
});
