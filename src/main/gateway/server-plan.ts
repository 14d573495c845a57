import type { ServerConfig } from '../../shared/model.js';
import type { ServerLists } from './catalog/catalog.js';
import type { Upstream } from './upstream/upstream.js';

/**
 * How the gateway treats one configured server, as pure judgements on its config entry: does a
 * change need a restart, does it start asleep, and which lists agents are shown. Apart from the
 * gateway so that the rules can be read (and changed) without its bookkeeping.
 */

/** Lists with a person's tool title/description overrides applied. */
export function withOverrides(
  lists: ServerLists,
  overrides: ServerConfig['toolOverrides'],
): ServerLists {
  if (Object.keys(overrides).length === 0) return lists;
  return {
    ...lists,
    tools: lists.tools.map((t) => (overrides[t.name] ? { ...t, ...overrides[t.name] } : t)),
  };
}

/**
 * Whether a server whose lists are remembered waits asleep for its first call: a lazy one, and
 * by default any that sleeps when quiet (stdio, not kept warm), since idle servers should cost
 * no memory.
 */
export function startsAsleep(config: ServerConfig, upstream: Upstream): boolean {
  if (config.keepWarm) return false;
  return config.lazy || upstream.quietPeriodMs > 0;
}

/** Whether a running server can keep running under a new config entry. */
export function sameServer(a: ServerConfig, b: ServerConfig): boolean {
  return JSON.stringify(runtimeFields(a)) === JSON.stringify(runtimeFields(b));
}

/** The fields a running server depends on; the rest (name, overrides, review) apply live. */
function runtimeFields(s: ServerConfig): unknown {
  const {
    name: _n,
    toolOverrides: _o,
    newToolsWait: _w,
    defaultAction: _d,
    fallback: _f,
    lazy: _l,
    keepWarm: _k,
    idleStopMs: _i,
    ...rest
  } = s;
  return rest;
}
