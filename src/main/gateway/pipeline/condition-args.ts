import type { RuleCondition } from '../../../shared/model.js';
import type { CatalogTool } from '../catalog/catalog.js';
import { globToRegExp } from './policy.js';
import { describeCondition, evaluateCondition } from './rule-conditions.js';

/**
 * Why a rule's conditions name an argument no tool it matches takes, or undefined. Only tools
 * in the catalog whose input schema lists its properties are checked: with none known (server
 * stopped, offline edit) any name is accepted, since the tool's arguments cannot be known.
 */
export function conditionArgProblem(
  tools: readonly CatalogTool[],
  pattern: string,
  conditions: readonly RuleCondition[],
): string | undefined {
  const re = globToRegExp(pattern);
  const known = tools
    .filter((t) => re.test(t.name))
    .map((t) => (t.original.inputSchema as { properties?: unknown }).properties)
    .filter((p): p is Record<string, unknown> => typeof p === 'object' && p !== null);
  if (known.length === 0) return undefined;
  for (const c of conditions) {
    if (!known.some((props) => Object.hasOwn(props, c.arg))) {
      const names = [...new Set(known.flatMap((p) => Object.keys(p)))].sort().join(', ');
      return `no tool matching "${pattern}" takes an argument "${c.arg}" (they take: ${names || 'none'})`;
    }
  }
  return undefined;
}

/**
 * Why conditions cannot narrow an approval's "always", or undefined: they need `always`, and
 * each must hold for the arguments of the call being answered.
 */
export function narrowAlwaysProblem(
  always: boolean,
  conditions: readonly RuleCondition[],
  args: Record<string, unknown>,
): string | undefined {
  if (!always) return 'conditions narrow an "always" answer; set always too';
  for (const c of conditions) {
    const result = evaluateCondition(c, args);
    if (result.verdict !== 'holds') {
      return `the condition (${describeCondition(c)}) does not hold for this call: ${result.why}`;
    }
  }
  return undefined;
}
