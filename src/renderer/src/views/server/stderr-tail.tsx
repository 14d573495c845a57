import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { VisibleText } from '../../components/visible-text';
import { useStores } from '../../stores-context';

/**
 * The open server's stderr, live. The gateway tells the UI each time a server writes a line
 * (a `serverChanged` event, coalesced); each one reads the tail again through `getServerLogs`,
 * which masks the server's secrets. It stays scrolled to the newest line unless the person
 * scrolled up to read.
 */
export function StderrTail({ serverId, name }: { serverId: string; name: string }) {
  const stores = useStores();
  const status = useStore(
    stores.servers,
    (s) => s.servers.find((server) => server.status.id === serverId)?.status,
  );
  const { logs, logsError } = useStore(stores.serverPage);
  const pre = useRef<HTMLPreElement>(null);
  const following = useRef(true);

  useEffect(() => {
    if (status) void stores.serverPage.getState().loadLogs();
  }, [status, stores.serverPage]);
  useEffect(() => {
    const element = pre.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [logs]);

  const lines = logs?.id === serverId ? logs.lines : [];
  return (
    <section className="card stderr-card" aria-labelledby="stderr-title">
      <h2 id="stderr-title" className="card-title">
        stderr <span className="muted small">live, secrets masked</span>
      </h2>
      {logsError && <p className="field-error">{logsError}</p>}
      {logs?.lastError && (
        <p className="text-bad small">
          Last error: <VisibleText text={logs.lastError} />
        </p>
      )}
      {lines.length > 0 ? (
        <pre
          ref={pre}
          className="log stderr-log"
          role="log"
          aria-label={`stderr of ${name}`}
          tabIndex={0}
          onScroll={(e) => {
            const el = e.currentTarget;
            following.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 4;
          }}
        >
          {lines.map((line, i) => (
            <span key={`${i}:${line}`}>
              <VisibleText text={line} />
              {'\n'}
            </span>
          ))}
        </pre>
      ) : (
        <p className="muted small">Nothing written to stderr yet.</p>
      )}
    </section>
  );
}
