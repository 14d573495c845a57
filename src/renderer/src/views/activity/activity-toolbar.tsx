import { useState } from 'react';
import { useStore } from 'zustand';
import { auditExportUrl, exportFileName, type ExportFormat } from '../../api/audit-export';
import { useStores } from '../../stores-context';
import { messageOf } from '../../stores/load-state';

/** Live or paused, and the export of the filtered set (JSON Lines or CSV). */
export function ActivityToolbar() {
  const stores = useStores();
  const activity = stores.activity;
  const mode = useStore(activity, (s) => s.mode);
  const held = useStore(activity, (s) => s.held);
  const applied = useStore(activity, (s) => s.applied);
  const [exporting, setExporting] = useState<string>();

  const exportAs = async (format: ExportFormat) => {
    // The desktop app has no HTTP session: the file is built from pages of the same filter.
    setExporting(`Exporting ${format.toUpperCase()}…`);
    try {
      const blob = await activity.getState().exportFile(format);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = exportFileName(format);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setExporting(undefined);
    } catch (error) {
      setExporting(`Export failed: ${messageOf(error)}`);
    }
  };
  const exportControl = (format: ExportFormat, label: string) => {
    const href = auditExportUrl(applied, format);
    return href ? (
      <a className="button small" href={href} download>
        {label}
      </a>
    ) : (
      <button type="button" className="button small" onClick={() => void exportAs(format)}>
        {label}
      </button>
    );
  };
  return (
    <div className="toolbar-row activity-toolbar">
      <div className="segmented" role="radiogroup" aria-label="Updates">
        {(['live', 'paused'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            onClick={() => activity.getState().setMode(m)}
          >
            {m === 'live' ? 'Live' : held > 0 ? `Paused · ${held.toLocaleString()} new` : 'Paused'}
          </button>
        ))}
      </div>
      <span className="activity-spacer" />
      <span className="muted small">Export the filtered calls:</span>
      {exportControl('jsonl', 'Export JSONL')}
      {exportControl('csv', 'Export CSV')}
      {exporting && (
        <span className="muted small" role="status">
          {exporting}
        </span>
      )}
    </div>
  );
}
