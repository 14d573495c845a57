import type { ControlApi, ControlEvent } from '../../../shared/control';

/** Whether the event stream is live; `reconnecting` drives the "Reconnecting…" banner. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

/** What the UI is given: the API, the one event stream and the stream's state. */
export interface ControlClient {
  api: ControlApi;
  /** Subscribes to every ControlEvent; returns the unsubscribe function. */
  subscribe(listener: (event: ControlEvent) => void): () => void;
  /** Calls `listener` now and whenever the stream's state changes. */
  watchConnection(listener: (state: ConnectionState) => void): () => void;
  /** Which transport is in use, for the About line. */
  transport: 'ipc' | 'http';
}
