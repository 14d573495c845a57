import type { AddPresetInput } from '../../../../shared/control';
import { ServerIdSchema, type PresetField, type PresetView } from '../../../../shared/model';

/** The placeholders a preset default may use: the app's data folder and the server's id. */
const DATA_DIR = '${dataDir}';
const SERVER_ID = '${id}';

/**
 * A field's default as the person sees it: `${dataDir}` filled in when the folder is known,
 * `${id}` with the server's id (the preset's own when none was typed).
 */
export function shownDefault(field: PresetField, dataDir: string, serverId: string): string {
  const value = (field.default ?? '').split(SERVER_ID).join(serverId);
  return dataDir ? value.split(DATA_DIR).join(dataDir) : value;
}

/** The form's first values: every field's default (or empty). */
export function initialValues(preset: PresetView, dataDir: string): Record<string, string> {
  return Object.fromEntries(preset.fields.map((f) => [f.key, shownDefault(f, dataDir, preset.id)]));
}

/**
 * The values after the typed id changed: a field still showing its default for the old id
 * (say the memory file `…/memory.jsonl`) follows the new one (`…/notes.jsonl`); edited ones stay.
 */
export function valuesForId(
  preset: PresetView,
  values: Record<string, string>,
  dataDir: string,
  previousId: string,
  nextId: string,
): Record<string, string> {
  const before = previousId.trim() || preset.id;
  const after = nextId.trim() || preset.id;
  const next = { ...values };
  for (const field of preset.fields) {
    if (values[field.key] === shownDefault(field, dataDir, before)) {
      next[field.key] = shownDefault(field, dataDir, after);
    }
  }
  return next;
}

/** A `hosts` list typed one per line or comma-separated, as the gateway reads it. */
export function normalizeHosts(text: string): string {
  return text
    .split(/[,\n]/)
    .map((h) => h.trim())
    .filter(Boolean)
    .join(',');
}

/**
 * What `addPreset` gets: trimmed values, hosts joined with commas; an empty value is left out
 * (the gateway then names a missing required setting), and so is a default left as the form
 * showed it, so the gateway fills in its own `${dataDir}` and `${id}` (the form shows the
 * placeholder itself while the data folder is unknown, which the gateway would refuse).
 */
export function presetInput(
  preset: PresetView,
  values: Record<string, string>,
  id: string,
  dataDir: string,
): AddPresetInput {
  const trimmedId = id.trim();
  const sent: Record<string, string> = {};
  for (const field of preset.fields) {
    const raw = values[field.key] ?? '';
    const value = field.kind === 'hosts' ? normalizeHosts(raw) : raw.trim();
    if (value === '' || value === shownDefault(field, dataDir, trimmedId || preset.id)) continue;
    sent[field.key] = value;
  }
  return { presetId: preset.id, values: sent, ...(trimmedId ? { id: trimmedId } : {}) };
}

/** Why a typed server id cannot be used, or undefined (empty: the preset's own id). */
export function idProblem(id: string): string | undefined {
  const trimmed = id.trim();
  if (trimmed === '') return undefined;
  const parsed = ServerIdSchema.safeParse(trimmed);
  return parsed.success ? undefined : (parsed.error.issues[0]?.message ?? 'not a valid id');
}

/** The fields a gateway message names, as `Label (key)`: they get marked invalid. */
export function fieldsNamedIn(preset: PresetView, message: string): string[] {
  return preset.fields.filter((f) => message.includes(`(${f.key})`)).map((f) => f.key);
}
