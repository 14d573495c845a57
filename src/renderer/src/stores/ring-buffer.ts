/**
 * A fixed-size ring buffer: pushing past capacity overwrites the oldest item. Immutable from
 * the outside (push returns a new buffer sharing nothing), so zustand sees each change.
 */
export interface RingBuffer<T> {
  readonly capacity: number;
  /** Items oldest first; never longer than `capacity`. */
  readonly items: readonly T[];
}

export function createRingBuffer<T>(capacity: number, items: readonly T[] = []): RingBuffer<T> {
  if (!Number.isInteger(capacity) || capacity < 1)
    throw new RangeError('capacity must be a positive integer');
  return { capacity, items: items.slice(Math.max(0, items.length - capacity)) };
}

export function pushRing<T>(ring: RingBuffer<T>, item: T): RingBuffer<T> {
  const start = ring.items.length >= ring.capacity ? ring.items.length - ring.capacity + 1 : 0;
  return { capacity: ring.capacity, items: [...ring.items.slice(start), item] };
}
