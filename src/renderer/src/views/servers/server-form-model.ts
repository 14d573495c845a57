import { ServerConfigSchema, type ServerConfig } from '../../../../shared/model';

/** One key/value row of env (stdio) or headers (remote); `secret` values are shown masked. */
export interface PairRow {
  key: string;
  value: string;
  secret: boolean;
}

/** The add/edit form as the user types it. */
export interface ServerForm {
  id: string;
  name: string;
  enabled: boolean;
  kind: 'stdio' | 'remote';
  command: string;
  /** One argument per line. */
  args: string;
  cwd: string;
  env: PairRow[];
  url: string;
  remoteType: 'http' | 'sse';
  headers: PairRow[];
}

/** Field → message, for the fields the form shows. */
export type FormErrors = Partial<
  Record<'id' | 'name' | 'command' | 'url' | 'env' | 'headers' | 'form', string>
>;

export const EMPTY_FORM: ServerForm = {
  id: '',
  name: '',
  enabled: true,
  kind: 'stdio',
  command: '',
  args: '',
  cwd: '',
  env: [],
  url: '',
  remoteType: 'http',
  headers: [],
};

const rows = (map: Record<string, string>, secrets: string[]): PairRow[] =>
  Object.entries(map).map(([key, value]) => ({ key, value, secret: secrets.includes(key) }));

/** A stored config as form fields (secret values arrive masked as `***` and stay so). */
export function formFromConfig(config: ServerConfig): ServerForm {
  const t = config.transport;
  return {
    ...EMPTY_FORM,
    id: config.id,
    name: config.name ?? '',
    enabled: config.enabled,
    ...(t.type === 'stdio'
      ? {
          kind: 'stdio',
          command: t.command,
          args: t.args.join('\n'),
          cwd: t.cwd ?? '',
          env: rows(t.env, config.secrets),
        }
      : {
          kind: 'remote',
          url: t.url,
          remoteType: t.type,
          headers: rows(t.headers, config.secrets),
        }),
  };
}

/** Rows with a key, later rows winning; the first empty or duplicate key is reported. */
function pairsToMap(
  pairs: PairRow[],
  what: string,
): { map: Record<string, string>; error?: string } {
  const map: Record<string, string> = {};
  for (const row of pairs) {
    const key = row.key.trim();
    if (!key && !row.value) continue;
    if (!key) return { map, error: `every ${what} value needs a name` };
    if (key in map) return { map, error: `${what} "${key}" is listed twice` };
    map[key] = row.value;
  }
  return { map };
}

/** The raw config the form describes, before validation. */
function rawConfig(form: ServerForm, base: Partial<ServerConfig>) {
  const pairs = form.kind === 'stdio' ? form.env : form.headers;
  const secrets = pairs.filter((r) => r.secret && r.key.trim()).map((r) => r.key.trim());
  const transport =
    form.kind === 'stdio'
      ? {
          type: 'stdio' as const,
          command: form.command.trim(),
          args: form.args
            .split('\n')
            .map((a) => a.trim())
            .filter((a) => a !== ''),
          env: pairsToMap(form.env, 'environment').map,
          ...(form.cwd.trim() ? { cwd: form.cwd.trim() } : {}),
        }
      : {
          type: form.remoteType,
          url: form.url.trim(),
          headers: pairsToMap(form.headers, 'header').map,
        };
  return {
    ...base,
    id: form.id.trim(),
    ...(form.name.trim() ? { name: form.name.trim() } : { name: undefined }),
    enabled: form.enabled,
    transport,
    secrets,
  };
}

const FIELD_OF: Record<string, keyof FormErrors> = {
  id: 'id',
  name: 'name',
  command: 'command',
  url: 'url',
  env: 'env',
  headers: 'headers',
};

/**
 * Validates the form with the same ServerConfigSchema the gateway uses, so the user sees a
 * field's error before anything is sent. `base` keeps settings the form does not show
 * (timeouts, default action) when editing.
 */
export function validateServerForm(
  form: ServerForm,
  base: Partial<ServerConfig> = {},
): { config?: ServerConfig; errors: FormErrors } {
  const errors: FormErrors = {};
  const pairError = pairsToMap(
    form.kind === 'stdio' ? form.env : form.headers,
    form.kind === 'stdio' ? 'environment' : 'header',
  ).error;
  if (pairError) errors[form.kind === 'stdio' ? 'env' : 'headers'] = pairError;
  const parsed = ServerConfigSchema.safeParse(rawConfig(form, base));
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field =
        FIELD_OF[String(issue.path.at(-1) ?? '')] ??
        FIELD_OF[String(issue.path[0] ?? '')] ??
        'form';
      errors[field] ??= issue.message;
    }
  }
  if (Object.keys(errors).length > 0) return { errors };
  return { config: parsed.data, errors };
}
