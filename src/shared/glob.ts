const regexCache = new Map<string, RegExp>();

/**
 * A rule's glob over namespaced tool names as a case-insensitive RegExp: `*` matches any run
 * of characters (including `__`), `?` one character; everything else is literal. Matching is
 * case-insensitive so that a rule can never be dodged by a case variant of a name. Shared by
 * the gateway's policy and the rules editor's live match count, so both count the same tools.
 */
export function globToRegExp(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    const body = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'is');
    if (regexCache.size > 10_000) regexCache.clear();
    regexCache.set(pattern, re);
  }
  return re;
}
