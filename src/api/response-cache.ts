/**
 * Serialised answers kept by key, least recently used first out, bounded by their total size.
 * Keys include the store's data version, so an answer is never served after the data changed.
 */
export class ResponseCache {
  private readonly entries = new Map<string, string>();
  private bytes = 0;

  constructor(
    /** Total characters kept. */
    private readonly maxChars: number,
    /** Larger answers are not kept: one export-sized page must not flush everything else. */
    private readonly maxEntryChars: number = Math.floor(maxChars / 8),
  ) {}

  get(key: string): string | undefined {
    const v = this.entries.get(key);
    if (v !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, v);
    }
    return v;
  }

  set(key: string, value: string): void {
    if (value.length > this.maxEntryChars) return;
    const old = this.entries.get(key);
    if (old !== undefined) {
      this.bytes -= old.length + key.length;
      this.entries.delete(key);
    }
    this.entries.set(key, value);
    this.bytes += value.length + key.length;
    for (const [k, v] of this.entries) {
      if (this.bytes <= this.maxChars) break;
      this.entries.delete(k);
      this.bytes -= v.length + k.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
