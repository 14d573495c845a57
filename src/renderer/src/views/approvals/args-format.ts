/** Strings longer than this are cut in the collapsed argument view. */
export const LONG_VALUE = 160;

/**
 * Pretty-prints call arguments as JSON. Collapsed, every string longer than `max` is cut and
 * marked with how much is hidden, so a long value is visibly truncated, never silently.
 */
export function formatArgs(
  args: unknown,
  collapsed: boolean,
  max = LONG_VALUE,
): { text: string; truncated: boolean } {
  let truncated = false;
  const cut = (_key: string, value: unknown) => {
    if (collapsed && typeof value === 'string' && value.length > max) {
      truncated = true;
      return `${value.slice(0, max)}… [+${value.length - max} chars]`;
    }
    return value;
  };
  const text = JSON.stringify(args, cut, 2) ?? 'undefined';
  return { text, truncated };
}
