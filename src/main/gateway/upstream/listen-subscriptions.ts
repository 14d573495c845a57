import type { Client } from '@modelcontextprotocol/client';

type Subscription = Awaited<ReturnType<Client['listen']>>;

/** The methods a 2026-07-28 connection answers through `subscriptions/listen` streams. */
export const LISTEN_METHODS = new Set(['resources/subscribe', 'resources/unsubscribe']);

/**
 * Resource subscriptions on a 2026-07-28 connection, whose revision has no
 * `resources/subscribe`: one `subscriptions/listen` stream per subscribed URI, since a stream's
 * filter is fixed when it opens. Updates come as `notifications/resources/updated` through the
 * client's notification handlers, as on a 2025-era connection. Streams end with the client.
 */
export class ListenSubscriptions {
  private readonly streams = new Map<string, Promise<Subscription>>();

  /** Opens (subscribe) or closes (unsubscribe) the stream of `uri`; answers `{}` like the methods. */
  async request(client: Client, method: string, uri: string): Promise<Record<string, unknown>> {
    if (method === 'resources/subscribe') {
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
      return {};
    }
    const opening = this.streams.get(uri);
    this.streams.delete(uri);
    const stream = await opening?.catch(() => undefined);
    await stream?.close();
    return {};
  }
}
