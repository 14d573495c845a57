/** A line that passed `maxLineBytes`: what is known of it without having kept it. */
export interface OversizeLine {
  /** Its first bytes (up to SAMPLE_BYTES), to find the JSON-RPC id a server put first. */
  head: string;
  /** Its last bytes seen so far (up to SAMPLE_BYTES), where the SDK servers put the id. */
  tail: string;
  /** Bytes of the line seen so far. */
  bytes: number;
  /** Whether the line has ended (its newline arrived). */
  ended: boolean;
}

/** What a LineReader reports. */
export interface LineReaderEvents {
  /** A complete line, without its newline (and a trailing carriage return). */
  line(text: string): void;
  /**
   * A line passed the limit: called once when it does (`ended: false`) and once more when it
   * ends (`ended: true`); its bytes are dropped, never buffered.
   */
  oversize(line: OversizeLine): void;
}

const SAMPLE_BYTES = 256;
const NEWLINE = 0x0a;

/**
 * Splits a byte stream into lines in time linear in its size: chunks are kept as they came,
 * only each new chunk is scanned for the newline, and a line is joined once, when it ends. A
 * line longer than `maxLineBytes` is not kept at all: its bytes are counted and dropped up to
 * its newline, so memory stays bounded whatever a server writes.
 */
export class LineReader {
  private chunks: Buffer[] = [];
  private length = 0;
  private skipping: OversizeLine | undefined;
  private tail: Buffer = Buffer.alloc(0);

  constructor(
    private readonly maxLineBytes: number,
    private readonly events: LineReaderEvents,
  ) {}

  /** Bytes of the unfinished line held now (0 while an oversize line is dropped). */
  get buffered(): number {
    return this.length;
  }

  /** Bytes of the line being dropped for its size so far (0 when none is). */
  get overflowBytes(): number {
    return this.skipping?.bytes ?? 0;
  }

  /** Feeds one chunk; complete lines and overflows are reported before it returns. */
  push(chunk: Buffer): void {
    let start = 0;
    while (start < chunk.length) {
      const end = chunk.indexOf(NEWLINE, start);
      const piece = chunk.subarray(start, end < 0 ? chunk.length : end);
      if (this.skipping) this.skip(piece);
      else if (this.length + piece.length > this.maxLineBytes) this.overflow(piece);
      else this.keep(piece);
      if (end < 0) return;
      this.endLine();
      start = end + 1;
    }
  }

  /** Drops whatever is held (the stream ended). */
  clear(): void {
    this.chunks = [];
    this.length = 0;
    this.skipping = undefined;
  }

  private keep(piece: Buffer): void {
    if (piece.length === 0) return;
    this.chunks.push(piece);
    this.length += piece.length;
  }

  private overflow(piece: Buffer): void {
    const held = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const head = Buffer.concat([held.subarray(0, SAMPLE_BYTES), piece]).subarray(0, SAMPLE_BYTES);
    this.skipping = { head: head.toString('utf8'), tail: '', bytes: held.length, ended: false };
    this.tail = held.subarray(-SAMPLE_BYTES);
    this.chunks = [];
    this.length = 0;
    this.skip(piece);
    this.events.oversize({ ...this.skipping });
  }

  private skip(piece: Buffer): void {
    const line = this.skipping!;
    line.bytes += piece.length;
    this.tail =
      piece.length >= SAMPLE_BYTES
        ? piece.subarray(-SAMPLE_BYTES)
        : Buffer.concat([this.tail, piece]).subarray(-SAMPLE_BYTES);
    line.tail = this.tail.toString('utf8');
  }

  private endLine(): void {
    if (this.skipping) {
      const line = { ...this.skipping, ended: true };
      this.skipping = undefined;
      this.events.oversize(line);
      return;
    }
    const joined =
      this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.length);
    this.chunks = [];
    this.length = 0;
    let text = joined.toString('utf8');
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (text.length > 0) this.events.line(text);
  }
}
