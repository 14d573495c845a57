import rawDefaultConfig from '../../../resources/default-config.json' with { type: 'json' };
import { RoleSchema, type PresetView, type Role, type Rule } from '../../shared/model.js';
import { decide, type ToolFacts } from '../gateway/index.js';

/**
 * The rules a preset server gets in each role, so that the role keeps its word: a preset's
 * tools are declared read, write or destructive, and a role decides each kind as it decides the
 * same kind of tool on the built-in server of that kind (the Files server for files, PDFs,
 * documents, databases and the web; the Memory server for memory; the `github` rules for
 * GitHub). A rule is added only where the role's own rules would decide otherwise, so a role
 * that refuses every write (researcher) is never given an `ask`, and one that allows writes on
 * the Files server (coder) is not denied them on a second one.
 */

/** How harmful a preset's tool is, as the preset declares it. */
export type ToolKind = 'read' | 'write' | 'destructive';

/** The built-in server a preset kind is judged by, and its own tool for each kind of tool. */
export interface Reference {
  server: string;
  tools: Record<ToolKind, string>;
}

const FILES: Reference = {
  server: 'filesystem',
  tools: { read: 'read_text_file', write: 'edit_file', destructive: 'write_file' },
};

/** By preset kind; a kind not listed is judged by the Files server. */
export const REFERENCES: Readonly<Record<string, Reference>> = {
  memory: {
    server: 'memory',
    tools: { read: 'read_graph', write: 'create_entities', destructive: 'delete_entities' },
  },
  github: {
    server: 'github',
    tools: { read: 'get_file_contents', write: 'create_issue', destructive: 'merge_pull_request' },
  },
};

/** The reference of a preset kind. */
export function referenceOf(kind: string): Reference {
  return REFERENCES[kind] ?? FILES;
}

/** The MCP hints a tool of each kind carries, for the default a role falls back on. */
export const KIND_HINTS: Readonly<Record<ToolKind, ToolFacts['annotations']>> = {
  read: { readOnlyHint: true },
  write: { readOnlyHint: false, destructiveHint: false },
  destructive: { destructiveHint: true },
};

/** What a role decides for the tool `name` of server `serverId`, a tool of this kind. */
export function decisionFor(role: Role, serverId: string, tool: string, kind: ToolKind) {
  const facts = { name: `${serverId}__${tool}`, serverId, annotations: KIND_HINTS[kind] };
  return decide(role, facts, undefined).action;
}

/** A role's stance on one kind of tool: its decision on the reference tool of that kind. */
export function stanceOf(role: Role, presetKind: string, kind: ToolKind) {
  const ref = referenceOf(presetKind);
  return decisionFor(role, ref.server, ref.tools[kind], kind);
}

/** The preset's tool globs by kind. */
export function toolsByKind(tools: {
  readOnly: string[];
  write: string[];
  destructive: string[];
}): [ToolKind, string[]][] {
  return [
    ['destructive', tools.destructive],
    ['write', tools.write],
    ['read', tools.readOnly],
  ];
}

/**
 * The rules to put in front of one role's rules for the server `serverId` of this preset: for
 * each tool glob whose decision would differ from the role's stance on its kind, a rule with
 * the stance.
 */
export function presetRoleRules(
  preset: Pick<PresetView, 'kind'> & {
    tools: { readOnly: string[]; write: string[]; destructive: string[] };
  },
  serverId: string,
  role: Role,
): Rule[] {
  const rules: Rule[] = [];
  for (const [kind, globs] of toolsByKind(preset.tools)) {
    const stance = stanceOf(role, preset.kind, kind);
    for (const glob of globs) {
      if (decisionFor(role, serverId, glob, kind) === stance) continue;
      rules.push({ pattern: `${serverId}__${glob}`, action: stance });
    }
  }
  return rules;
}

/** The built-in roles, as a new setup has them (for presets made without a config at hand). */
export const DEFAULT_ROLES: readonly Role[] = rawDefaultConfig.roles.map((r) =>
  RoleSchema.parse(r),
);

/**
 * What each role will do with a preset's tools, one phrase per role (`coder: reads allow,
 * writes allow, destructive allow`), as `switchboard presets` and the add dialog say it.
 */
export function roleSummary(
  preset: Pick<PresetView, 'kind'> & {
    tools: { readOnly: string[]; write: string[]; destructive: string[] };
  },
  roles: readonly Role[] = DEFAULT_ROLES,
): string {
  const label = { read: 'reads', write: 'writes', destructive: 'destructive' } as const;
  return roles
    .map((role) => {
      const kinds = toolsByKind(preset.tools)
        .filter(([, globs]) => globs.length > 0)
        .reverse()
        .map(([kind]) => `${label[kind]} ${stanceOf(role, preset.kind, kind)}`);
      return `${role.name}: ${kinds.join(', ')}`;
    })
    .join('; ');
}
