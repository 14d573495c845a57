import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AuditEntry } from '../../../../shared/model';
import { formatMs, formatTime } from '../../components/format';
import { ActionBadge } from '../../components/status';
import type { ActivityRow } from '../../stores/activity-store';
import { OutcomeBadge } from './outcome-badge';

/** Every row has this height (CSS pins it), so the rows in view follow from the scroll offset. */
export const ROW_HEIGHT = 36;
/** Rows drawn beyond the visible ones on each side, so a fast scroll shows no blank. */
const OVERSCAN = 12;

/** The table's columns, in order; the row below draws one cell for each. */
const COLUMNS: { label: string; className?: string; title?: string }[] = [
  { label: 'Time', className: 'col-time' },
  { label: 'Key', className: 'col-key' },
  { label: 'Role', className: 'col-role' },
  { label: 'Tool' },
  { label: 'Server', className: 'col-server' },
  { label: 'Decision', className: 'col-decision' },
  { label: 'Outcome', className: 'col-outcome' },
  {
    label: 'Server time',
    className: 'num col-ms',
    title: "The server's time (approval waits left out)",
  },
  { label: 'Wait', className: 'num col-ms' },
  { label: 'Cache', className: 'col-cache' },
];

/**
 * The audit table, virtualized: only the rows in view (and a few around them) are in the DOM,
 * between two spacer rows that keep the scroll height true. Rows are memoized by their key, so
 * a batch of live lines mounts only the new rows. When lines arrive above while the person is
 * scrolled down, the offset moves by their height and what they read stays put.
 */
export function ActivityTable({
  rows,
  onOpen,
  onNearEnd,
}: {
  rows: ActivityRow[];
  onOpen: (entry: AuditEntry) => void;
  /** Called when the last rows come into view (to read the next page). */
  onNearEnd: () => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const firstKey = useRef<number | undefined>(undefined);
  const frame = useRef(0);
  /** The last scroll offset seen, so new rows never force a layout just to read it. */
  const scrolled = useRef(0);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      scrolled.current = el.scrollTop;
      setView({ top: el.scrollTop, height: el.clientHeight });
    };
    const onScroll = () => {
      cancelAnimationFrame(frame.current);
      frame.current = requestAnimationFrame(measure);
    };
    measure();
    el.addEventListener('scroll', onScroll, { passive: true });
    const resize = new ResizeObserver(measure);
    resize.observe(el);
    return () => {
      el.removeEventListener('scroll', onScroll);
      resize.disconnect();
      cancelAnimationFrame(frame.current);
    };
  }, []);

  // Rows added above a reader who scrolled away from the top: keep their place.
  useLayoutEffect(() => {
    const el = scroller.current;
    const previous = firstKey.current;
    firstKey.current = rows[0]?.key;
    if (!el || previous === undefined || scrolled.current === 0) return;
    const added = rows.findIndex((row) => row.key === previous);
    if (added > 0) {
      scrolled.current += added * ROW_HEIGHT;
      el.scrollTop = scrolled.current;
    }
  }, [rows]);

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const nearEnd = last >= rows.length - OVERSCAN;
  useEffect(() => {
    if (nearEnd) onNearEnd();
  }, [nearEnd, rows.length, onNearEnd]);

  return (
    <div className="card table-scroll activity-scroll" ref={scroller}>
      <table className="table activity-table" aria-label="Audit log">
        <thead>
          <tr>
            {COLUMNS.map((column) => (
              <th key={column.label} scope="col" className={column.className} title={column.title}>
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {first > 0 && <Spacer rows={first} />}
          {rows.slice(first, last).map((row) => (
            <Row key={row.key} entry={row.entry} onOpen={onOpen} />
          ))}
          {last < rows.length && <Spacer rows={rows.length - last} />}
        </tbody>
      </table>
    </div>
  );
}

/** Stands in for rows not drawn, so the scroll height stays true. */
function Spacer({ rows }: { rows: number }) {
  return <tr aria-hidden="true" className="spacer" style={{ height: rows * ROW_HEIGHT }} />;
}

// Props are only the line and the stable opener: rows arriving above leave a drawn row alone.
const Row = memo(function Row({
  entry,
  onOpen,
}: {
  entry: AuditEntry;
  onOpen: (entry: AuditEntry) => void;
}) {
  return (
    <tr
      className="clickable"
      tabIndex={0}
      onClick={() => onOpen(entry)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onOpen(entry);
        }
      }}
    >
      <td className="mono small nowrap">{formatTime(entry.time)}</td>
      <td className="ellipsis">{entry.keyName}</td>
      <td className="ellipsis">{entry.role}</td>
      <td className="mono ellipsis" title={entry.tool}>
        {entry.tool}
      </td>
      <td className="mono ellipsis">{entry.serverId}</td>
      <td className="nowrap">
        <ActionBadge action={entry.decision} />{' '}
        <span className="muted small">{entry.decidedBy}</span>
      </td>
      <td>
        <OutcomeBadge outcome={entry.outcome} />
      </td>
      <td className="num mono small">{formatMs(serverTime(entry))}</td>
      <td className="num mono small">
        {entry.waitMs === undefined ? '—' : formatMs(entry.waitMs)}
      </td>
      <td>
        {entry.cacheHit ? (
          <span className="tag tag-good tone-ok">hit</span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
    </tr>
  );
});

/** The server's share of a call: recorded on newer lines, else the whole duration less any wait. */
export function serverTime(entry: AuditEntry): number | undefined {
  if (entry.outcome === 'denied') return undefined;
  return entry.serverMs ?? entry.durationMs - (entry.waitMs ?? 0);
}
