/** 123456789 → "118 MB". */
export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** Milliseconds as "0.8 ms", "120 ms" or "2.4 s". */
export function formatMs(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(1)} s`;
}

/** A rate with one decimal below 10. */
export function formatRate(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return value < 10 ? value.toFixed(1) : Math.round(value).toString();
}

/** 0.123 → "12%". */
export function formatPercent(ratio: number | undefined): string {
  if (ratio === undefined || !Number.isFinite(ratio)) return '—';
  return `${Math.round(ratio * 100)}%`;
}

/** Seconds left as "1:05". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/** A local clock time with seconds. */
export function formatTime(time: string | number): string {
  return TIME_FORMAT.format(new Date(time));
}

// One formatter, built once: toLocaleTimeString with options builds a new one per call, which
// costs about a millisecond each, and a table formats a time per row.
const TIME_FORMAT = new Intl.DateTimeFormat([], {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A local date and time. */
export function formatDateTime(time: string | number): string {
  return new Date(time).toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** 12345 → "12,345". */
export function formatCount(value: number): string {
  return Math.round(value).toLocaleString();
}
