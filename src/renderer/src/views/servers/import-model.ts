import {
  ClientKindSchema,
  type ClientKind,
  type ImportPreview,
  type ServerConfig,
} from '../../../../shared/model';

/** The clients Switchboard imports from, as people call them. */
export const CLIENT_LABELS: Record<ClientKind, string> = {
  'claude-desktop': 'Claude Desktop',
  'claude-code': 'Claude Code',
  cursor: 'Cursor',
  vscode: 'VS Code',
  windsurf: 'Windsurf',
};

export const CLIENT_KINDS: readonly ClientKind[] = ClientKindSchema.options;

/** How a server runs, in one line: the command and its arguments, or the URL. */
export function transportSummary(server: ServerConfig): string {
  const t = server.transport;
  return t.type === 'stdio' ? [t.command, ...t.args].join(' ') : t.url;
}

/** A preview's identity in the dialog (one file of one client). */
export function previewKey(preview: Pick<ImportPreview, 'client' | 'file'>): string {
  return `${preview.client}\u0000${preview.file}`;
}

/** Adds a preview, replacing an earlier one of the same client and file. */
export function mergePreview(previews: ImportPreview[], preview: ImportPreview): ImportPreview[] {
  const key = previewKey(preview);
  const index = previews.findIndex((p) => previewKey(p) === key);
  if (index === -1) return [...previews, preview];
  return previews.map((p, i) => (i === index ? preview : p));
}
