import { describe, expect, it } from 'vitest';
import { checkSender, isAppUrl, type ExpectedSender, type SenderFacts } from './ipc-guard.js';

const APP =
  'file:///Applications/Switchboard.app/Contents/Resources/app.asar/out/renderer/index.html';
const expected: ExpectedSender = { mainFrame: { processId: 7, routingId: 1 }, appUrl: APP };
const ours: SenderFacts = { processId: 7, routingId: 1, url: `${APP}#/approvals/a1` };

describe('checkSender', () => {
  it("serves our window's main frame showing our page", () => {
    expect(checkSender(ours, expected)).toEqual({ ok: true });
  });

  it('refuses a frame that is gone', () => {
    expect(checkSender({ ...ours, url: undefined }, expected)).toMatchObject({ ok: false });
    expect(checkSender({ ...ours, processId: undefined }, expected)).toMatchObject({ ok: false });
  });

  it('refuses any frame but the main frame of our window', () => {
    const iframe = { ...ours, routingId: 2 };
    const otherRenderer = { ...ours, processId: 8 };
    expect(checkSender(iframe, expected)).toMatchObject({ ok: false, reason: /main frame/ });
    expect(checkSender(otherRenderer, expected)).toMatchObject({ ok: false, reason: /main frame/ });
    expect(checkSender(ours, { ...expected, mainFrame: undefined })).toMatchObject({ ok: false });
  });

  it('refuses our frame once it shows another page', () => {
    for (const url of [
      'https://evil.example/',
      'file:///tmp/evil.html',
      'data:text/html,hi',
      'nonsense',
    ]) {
      expect(checkSender({ ...ours, url }, expected)).toMatchObject({
        ok: false,
        reason: /not the app/,
      });
    }
  });
});

describe('isAppUrl', () => {
  it('matches the same file, whatever the route or query', () => {
    expect(isAppUrl(`${APP}?x=1#/servers`, APP)).toBe(true);
    expect(isAppUrl(APP.replace('index.html', 'other.html'), APP)).toBe(false);
  });

  it('matches the dev server by origin only', () => {
    const dev = 'http://localhost:5173';
    expect(isAppUrl('http://localhost:5173/#/metrics', dev)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isAppUrl('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', dev)).toBe(false);
  });

  it('never trusts other schemes', () => {
    expect(isAppUrl('data:text/html,x', 'data:text/html,x')).toBe(false);
    expect(isAppUrl('javascript:alert(1)', 'javascript:alert(1)')).toBe(false);
  });
});
