import type { Role } from '../../../../shared/model';

/** The separator of namespaced tool names, as the gateway spells it (`<server>__<tool>`). */
const SEPARATOR = '__';

/**
 * How many rules name only server `id` (`<id>__…`), and in how many roles: the rules that
 * removing the server takes with it. A pattern spanning servers (`*__read*`) is not counted.
 */
export function ownRuleCount(roles: readonly Role[], id: string): { rules: number; roles: number } {
  const prefix = `${id}${SEPARATOR}`.toLowerCase();
  const counts = roles.map(
    (role) => role.rules.filter((rule) => rule.pattern.toLowerCase().startsWith(prefix)).length,
  );
  return { rules: counts.reduce((a, b) => a + b, 0), roles: counts.filter((n) => n > 0).length };
}

/** The confirm's sentence about those rules. */
export function removeRulesText(roles: readonly Role[], id: string): string {
  const { rules, roles: inRoles } = ownRuleCount(roles, id);
  if (rules === 0) return 'No rule names only this server, so no rule changes.';
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const verb = rules === 1 ? 'names only this server; it is' : 'name only this server; they are';
  return `${plural(rules, 'rule')} in ${plural(inRoles, 'role')} ${verb} removed with it.`;
}
