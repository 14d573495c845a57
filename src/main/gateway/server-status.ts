import type { ServerConfig, ServerStatus } from '../../shared/model.js';
import type { Catalog } from './catalog/catalog.js';
import type { Upstream } from './upstream/upstream.js';

/**
 * A configured server's status as the UI, the CLI and `/health` see it: the upstream's own,
 * with the catalog's counts, degraded when the catalog found problems in its lists; `disabled`
 * with empty details when nothing runs for it.
 */
export function serverStatus(
  config: ServerConfig,
  catalog: Catalog,
  upstream: Upstream | undefined,
): ServerStatus {
  const serverId = config.id;
  const lists = catalog.listsOf(serverId);
  const counts = {
    tools: catalog.toolsOf(serverId).length,
    resources: lists.resources.length,
    prompts: lists.prompts.length,
  };
  if (upstream) {
    const status = upstream.status(counts);
    const problems = catalog.problemsOf(serverId);
    return problems.length > 0 && status.state === 'ready'
      ? { ...status, state: 'degraded', lastError: problems.join('; ') }
      : status;
  }
  return {
    id: config.id,
    name: config.name ?? config.id,
    state: 'disabled',
    transport: config.transport.type,
    ...counts,
    stderrTail: [],
    replicas: [],
    breaker: 'closed',
  };
}
