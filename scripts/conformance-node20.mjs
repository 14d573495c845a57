/**
 * Lets the conformance CLI load on Node 20: it imports `globSync` from `fs`, which Node 22
 * added, and uses it only for its tier report, never for server scenarios. Loaded with
 * `--import` by scripts/conformance.ts when this Node lacks it; the CLI's `fs` is then a module
 * that re-exports Node's and adds a `globSync` that says what it needs.
 */
import { register } from 'node:module';

const shim = [
  "export * from 'node:fs';",
  "export { default } from 'node:fs';",
  "export function globSync() { throw new Error('globSync needs Node 22'); }",
].join('\n');

const hooks = `
export async function resolve(specifier, context, next) {
  const fromSuite = context.parentURL?.includes('/@modelcontextprotocol/conformance/');
  if (fromSuite && (specifier === 'fs' || specifier === 'node:fs')) {
    return { url: ${JSON.stringify(`data:text/javascript,${encodeURIComponent(shim)}`)}, shortCircuit: true };
  }
  return next(specifier, context);
}`;

register(`data:text/javascript,${encodeURIComponent(hooks)}`);
