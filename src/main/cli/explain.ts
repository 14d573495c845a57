import type { Config, DecisionView } from '../../shared/model.js';
import { ControlError, type ExplainInput } from '../../shared/control.js';
import { decide, findRole } from '../gateway/index.js';
import { UsageError, type ParsedArgs } from './args.js';
import type { Output } from './admin.js';

/**
 * A decision from the config file alone, while no gateway runs. The tool's annotations are
 * not known offline, so a tool no rule decides gets its server's default or "ask" (a tool
 * of unknown effect is a write); the running gateway's answer may be "allow" for read-only
 * tools.
 */
export function explainOffline(config: Config, input: ExplainInput): DecisionView {
  const role = findRole(config, input.role);
  if (!role) throw new ControlError('not_found', `no role "${input.role}"`);
  const at = input.tool.indexOf('__');
  if (at <= 0) throw new ControlError('invalid_input', `"${input.tool}" is not SERVER__TOOL`);
  const serverId = input.tool.slice(0, at);
  const server = config.servers.find((s) => s.id === serverId);
  const { cacheable: _cacheable, ...view } = decide(
    role,
    { name: input.tool, serverId },
    server?.defaultAction,
    input.args,
  );
  return view;
}

/** `switchboard explain ROLE TOOL [ARGS_JSON]`: the deciding rule and condition. */
export async function explainCommand(
  api: { explainDecision(input: ExplainInput): Promise<DecisionView> },
  args: ParsedArgs,
  io: Output,
): Promise<void> {
  const [, role, tool, json] = args.positionals;
  if (!role || !tool) throw new UsageError('explain ROLE TOOL [ARGS_JSON]');
  let callArgs: Record<string, unknown> | undefined;
  if (json !== undefined) {
    try {
      callArgs = JSON.parse(json) as Record<string, unknown>;
    } catch {
      throw new UsageError('explain: ARGS_JSON is not JSON');
    }
    if (typeof callArgs !== 'object' || callArgs === null || Array.isArray(callArgs)) {
      throw new UsageError('explain: ARGS_JSON must be a JSON object');
    }
  }
  const view = await api.explainDecision({ role, tool, ...(callArgs ? { args: callArgs } : {}) });
  if (args.options.has('json')) return io.out(JSON.stringify(view, null, 2));
  io.out(`${view.action}: ${view.reason}`);
  for (const line of view.skipped ?? []) io.out(`  ${line}`);
}
