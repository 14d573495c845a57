import {
  ProtocolError,
  SdkError,
  SdkErrorCode,
  SdkHttpError,
  StreamableHTTPClientTransport,
  type Tool,
} from '@modelcontextprotocol/client';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadClientSdk } from './client-sdk.js';
import { isReadOnlyRequest, sessionLoss, SessionLostError } from './session-loss.js';

// SDK errors come from a session, and the gateway loads the client SDK with its first one.
beforeAll(() => loadClientSdk());

const tool = (name: string, readOnlyHint?: boolean): Tool => ({
  name,
  inputSchema: { type: 'object' },
  ...(readOnlyHint === undefined ? {} : { annotations: { readOnlyHint } }),
});

describe('isReadOnlyRequest', () => {
  const tools = [tool('look', true), tool('write', false), tool('plain')];

  it('takes reads for read-only and tools by their own readOnlyHint only', () => {
    for (const method of ['resources/read', 'prompts/get', 'tools/list', 'resources/list']) {
      expect(isReadOnlyRequest(method, undefined, tools)).toBe(true);
    }
    expect(isReadOnlyRequest('tools/call', { name: 'look' }, tools)).toBe(true);
    expect(isReadOnlyRequest('tools/call', { name: 'write' }, tools)).toBe(false);
    expect(isReadOnlyRequest('tools/call', { name: 'plain' }, tools)).toBe(false);
    expect(isReadOnlyRequest('tools/call', { name: 'unknown' }, tools)).toBe(false);
    expect(isReadOnlyRequest('resources/subscribe', undefined, tools)).toBe(false);
  });
});

describe('sessionLoss', () => {
  const http404 = new SdkHttpError(SdkErrorCode.ClientHttpNotImplemented, 'Session not found', {
    status: 404,
    statusText: 'Not Found',
  });
  const closed = new SdkError(SdkErrorCode.ConnectionClosed, 'Connection closed');

  it('reads a 404 as a session the server forgot, only when there was a session', () => {
    const withSession = new StreamableHTTPClientTransport(new URL('http://127.0.0.1:1/mcp'), {
      sessionId: 'old',
    });
    const loss = sessionLoss(http404, 'web', withSession, false);
    expect(loss).toBeInstanceOf(SessionLostError);
    expect(loss).toMatchObject({ serverId: 'web', inFlight: false });
    const without = new StreamableHTTPClientTransport(new URL('http://127.0.0.1:1/mcp'));
    expect(sessionLoss(http404, 'web', without, false)).toBeUndefined();
  });

  it('reads a closed connection as a loss in flight, unless we closed it', () => {
    expect(sessionLoss(closed, 'local', undefined, false)).toMatchObject({ inFlight: true });
    expect(sessionLoss(closed, 'local', undefined, true)).toBeUndefined();
  });

  it('leaves an error the server answered alone', () => {
    const answered = new ProtocolError(-32602, 'bad arguments');
    expect(sessionLoss(answered, 'web', undefined, false)).toBeUndefined();
  });
});
