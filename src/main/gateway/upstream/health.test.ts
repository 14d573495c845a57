import { ProtocolError, SdkError, SdkErrorCode } from '@modelcontextprotocol/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClientSdk } from './client-sdk.js';
import { isAnswer, probe } from './health.js';

// SDK errors come from a session, and the gateway loads the client SDK with its first one.
beforeAll(() => loadClientSdk());

describe('health probes', () => {
  it('counts any answer as alive: an error response, a result that fails validation', () => {
    expect(isAnswer(new ProtocolError(-32601, 'Method not found'))).toBe(true);
    expect(isAnswer(new SdkError(SdkErrorCode.InvalidResult, 'bad result'))).toBe(true);
    expect(isAnswer(new SdkError(SdkErrorCode.RequestTimeout, 'timed out'))).toBe(false);
    expect(isAnswer(new SdkError(SdkErrorCode.ConnectionClosed, 'closed'))).toBe(false);
    expect(isAnswer(new TypeError('fetch failed'))).toBe(false);
  });

  it('does not probe a server whose bytes arrived recently, and fails only on silence', async () => {
    let pings = 0;
    const silent = (lastReceivedAt: number, answer: () => Promise<void>) => ({
      lastReceivedAt,
      ping: () => {
        pings++;
        return answer();
      },
    });
    const timeout = () => Promise.reject(new SdkError(SdkErrorCode.RequestTimeout, 'timed out'));
    expect(await probe(silent(Date.now(), timeout), 100, 5_000)).toBe('alive');
    expect(pings).toBe(0);
    expect(await probe(silent(0, timeout), 100, 5_000)).toBe('dead');
    const invalid = () => Promise.reject(new SdkError(SdkErrorCode.InvalidResult, 'invalid'));
    expect(await probe(silent(0, invalid), 100, 5_000)).toBe('alive');
    expect(pings).toBe(2);
  });
});
