import { describe, expect, it } from 'vitest';
import type { ServerStatus } from '../../../shared/model.js';
import { downToolResult } from './down-tool.js';

const status = (over: Partial<ServerStatus>): ServerStatus =>
  ({
    id: 'pdfbad',
    name: 'pdfbad',
    state: 'down',
    tools: 0,
    stderrTail: [],
    ...over,
  }) as ServerStatus;
const lookup = (s: ServerStatus) => (id: string) => (id === s.id ? s : undefined);

describe('downToolResult', () => {
  it('answers a call to a down server’s tool with the reason, naming the server', () => {
    const down = status({ lastError: 'folder /no/such/folder does not exist' });
    expect(downToolResult(lookup(down), undefined, 'pdfbad__read_pdf')).toEqual({
      serverId: 'pdfbad',
      result: {
        content: [
          { type: 'text', text: 'server pdfbad is down: folder /no/such/folder does not exist' },
        ],
        isError: true,
      },
    });
  });

  it('uses the scoped endpoint’s server for an unprefixed name', () => {
    const disabled = status({ state: 'disabled' });
    const answer = downToolResult(lookup(disabled), 'pdfbad', 'read_pdf');
    expect(answer?.result.content).toEqual([{ type: 'text', text: 'server pdfbad is disabled' }]);
  });

  it('leaves unknown servers, running ones and ones that list tools to Unknown tool', () => {
    expect(downToolResult(lookup(status({})), undefined, 'ghost__x')).toBeUndefined();
    expect(
      downToolResult(lookup(status({ state: 'ready' })), undefined, 'pdfbad__x'),
    ).toBeUndefined();
    expect(
      downToolResult(lookup(status({ state: 'asleep' })), undefined, 'pdfbad__x'),
    ).toBeUndefined();
    expect(downToolResult(lookup(status({ tools: 3 })), undefined, 'pdfbad__x')).toBeUndefined();
    expect(downToolResult(lookup(status({})), undefined, 'no-separator')).toBeUndefined();
  });
});
