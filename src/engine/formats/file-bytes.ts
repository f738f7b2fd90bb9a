import { openForReading } from './text-lines';

type Handle = Awaited<ReturnType<typeof openForReading>>;

/**
 * Sequential reads of a binary file through one buffer that is refilled as it drains, so records
 * can be parsed from a file of any size with a few MiB of memory.
 */
export class FileBytes {
  private buffer: Uint8Array;
  private start = 0;
  private end = 0;
  private filePosition = 0;
  private endOfFile = false;

  private constructor(
    private readonly handle: Handle,
    chunkBytes: number,
  ) {
    this.buffer = new Uint8Array(chunkBytes);
  }

  static async open(file: string, chunkBytes = 8 * 1024 * 1024): Promise<FileBytes> {
    return new FileBytes(await openForReading(file), Math.max(64, chunkBytes));
  }

  /** Offset in the file of the next unread byte. */
  get position(): number {
    return this.filePosition - (this.end - this.start);
  }

  /** Makes at least `count` bytes available (fewer only at the end of the file); returns how many are. */
  private async fill(count: number): Promise<number> {
    if (this.end - this.start >= count || this.endOfFile) return this.end - this.start;
    if (this.buffer.length < count) {
      const grown = new Uint8Array(Math.max(count, this.buffer.length * 2));
      grown.set(this.buffer.subarray(this.start, this.end));
      this.end -= this.start;
      this.start = 0;
      this.buffer = grown;
    } else if (this.start > 0) {
      this.buffer.copyWithin(0, this.start, this.end);
      this.end -= this.start;
      this.start = 0;
    }
    while (this.end - this.start < count && !this.endOfFile) {
      const { bytesRead } = await this.handle.read(this.buffer, this.end, this.buffer.length - this.end, this.filePosition);
      if (bytesRead === 0) this.endOfFile = true;
      this.end += bytesRead;
      this.filePosition += bytesRead;
    }
    return this.end - this.start;
  }

  /** The next byte without consuming it, or -1 at the end of the file. */
  async peek(): Promise<number> {
    return (await this.fill(1)) > 0 ? this.buffer[this.start] : -1;
  }

  skip(count: number): void {
    this.start += count;
  }

  /**
   * Bytes up to (not including) `delimiter`, which is consumed. Stops after `maxLength` bytes
   * without finding it: returns what it has and `found: false`, consuming nothing.
   */
  async readUntil(delimiter: number, maxLength: number): Promise<{ bytes: Uint8Array; found: boolean }> {
    let searched = 0;
    for (;;) {
      const at = this.buffer.subarray(this.start + searched, this.end).indexOf(delimiter);
      if (at >= 0) {
        const bytes = this.buffer.slice(this.start, this.start + searched + at);
        this.start += searched + at + 1;
        return { bytes, found: true };
      }
      searched = this.end - this.start;
      if (searched >= maxLength || this.endOfFile) {
        return { bytes: this.buffer.slice(this.start, this.start + Math.min(searched, maxLength)), found: false };
      }
      // Asking for one byte more compacts the buffer and fills all of it.
      await this.fill(searched + 1);
    }
  }

  /** Copies the next target.length bytes into target; returns how many there were (fewer at the end). */
  async readInto(target: Uint8Array): Promise<number> {
    const available = await this.fill(target.length);
    const count = Math.min(available, target.length);
    target.set(this.buffer.subarray(this.start, this.start + count));
    this.start += count;
    return count;
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}
