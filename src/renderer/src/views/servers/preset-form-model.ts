import type { AddPresetInput } from '../../../../shared/control';
import { ServerIdSchema, type PresetField, type PresetView } from '../../../../shared/model';

/** The placeholder a preset default may use for the app's data folder. */
const DATA_DIR = '${dataDir}';

/** A field's default as the person sees it: `${dataDir}` filled in when the folder is known. */
export function shownDefault(field: PresetField, dataDir: string): string {
  const value = field.default ?? '';
  return dataDir ? value.split(DATA_DIR).join(dataDir) : value;
}

/** The form's first values: every field's default (or empty). */
export function initialValues(preset: PresetView, dataDir: string): Record<string, string> {
  return Object.fromEntries(preset.fields.map((f) => [f.key, shownDefault(f, dataDir)]));
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
 * (the gateway then names a missing required setting), and so is a default left untouched, so
 * the gateway fills in its own `${dataDir}`.
 */
export function presetInput(
  preset: PresetView,
  values: Record<string, string>,
  id: string,
): AddPresetInput {
  const sent: Record<string, string> = {};
  for (const field of preset.fields) {
    const raw = values[field.key] ?? '';
    const value = field.kind === 'hosts' ? normalizeHosts(raw) : raw.trim();
    if (value === '' || value === field.default) continue;
    sent[field.key] = value;
  }
  const trimmedId = id.trim();
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
