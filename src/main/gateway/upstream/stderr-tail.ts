/**
 * The last lines a server wrote to stderr, bounded in lines and line length so that a server
 * flooding stderr costs a fixed amount of memory.
 */
export class StderrTail {
  private readonly buffer: string[] = [];
  private partial = '';

  constructor(
    private readonly maxLines = 50,
    private readonly maxLineLength = 1000,
  ) {}

  /** Adds a chunk; returns true when at least one complete line was added. */
  push(chunk: Buffer | string): boolean {
    const text = this.partial + chunk.toString();
    const parts = text.split(/\r?\n/);
    this.partial = (parts.pop() ?? '').slice(0, this.maxLineLength);
    let added = false;
    for (const line of parts) {
      if (line.length === 0) continue;
      added = true;
      this.buffer.push(
        line.length > this.maxLineLength ? `${line.slice(0, this.maxLineLength)}…` : line,
      );
      if (this.buffer.length > this.maxLines) this.buffer.shift();
    }
    return added;
  }

  /** The kept lines, oldest first. */
  lines(): string[] {
    return this.partial ? [...this.buffer, this.partial] : [...this.buffer];
  }
}
