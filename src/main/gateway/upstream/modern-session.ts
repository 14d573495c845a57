import { LOG_LEVEL_META_KEY, type Client, type LoggingLevel } from '@modelcontextprotocol/client';

type Subscription = Awaited<ReturnType<Client['listen']>>;

/** Session-level methods a 2026-07-28 revision lacks, answered here instead. */
const OWN_METHODS = new Set(['logging/setLevel', 'resources/subscribe', 'resources/unsubscribe']);

/**
 * The per-session state of a 2026-07-28 connection, whose revision has no `logging/setLevel`
 * and no `resources/subscribe`. The log level is stamped on every request instead (`_meta`
 * `io.modelcontextprotocol/logLevel`: the server logs only during requests that carry it).
 * A subscription is a `subscriptions/listen` stream, one per URI since a stream's filter is
 * fixed when it opens; updates come through the client's notification handlers as on a
 * 2025-era connection. Streams end with the client.
 */
export class ModernSession {
  private level: LoggingLevel | undefined;
  private readonly streams = new Map<string, Promise<Subscription>>();

  /** Whether `method` is answered here rather than sent. */
  handles(method: string): boolean {
    return OWN_METHODS.has(method);
  }

  /** `params` with the log level set, if one was. */
  stamp(params: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
    if (!this.level) return params;
    const meta = (params?._meta as Record<string, unknown> | undefined) ?? {};
    return { ...params, _meta: { ...meta, [LOG_LEVEL_META_KEY]: this.level } };
  }

  /** Keeps the level, or opens or closes a URI's stream; answers `{}` like the methods. */
  async request(
    client: Client,
    method: string,
    params: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    if (method === 'logging/setLevel') this.level = params.level as LoggingLevel;
    else if (method === 'resources/subscribe') await this.listen(client, String(params.uri));
    else await this.unlisten(String(params.uri));
    return {};
  }

  private async listen(client: Client, uri: string): Promise<void> {
    let opening = this.streams.get(uri);
    if (!opening) {
      opening = client.listen({ resourceSubscriptions: [uri] });
      this.streams.set(uri, opening);
      opening.catch(() => this.streams.delete(uri));
    }
    const stream = await opening;
    if (!stream.honoredFilter.resourceSubscriptions?.includes(uri)) {
      this.streams.delete(uri);
      await stream.close();
      throw new Error(`the server did not accept a subscription to ${uri}`);
    }
  }

  private async unlisten(uri: string): Promise<void> {
    const opening = this.streams.get(uri);
    this.streams.delete(uri);
    const stream = await opening?.catch(() => undefined);
    await stream?.close();
  }
}
