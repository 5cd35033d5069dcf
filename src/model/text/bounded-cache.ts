/**
 * A bounded string→string cache with approximately-LRU eviction, O(1) per operation: two
 * generations; lookups hit the young map, or the old one and get promoted; when the young map
 * is full it becomes the old one and the previous old one is dropped. Entries used at least
 * once per generation survive; memory is bounded by 2 × `generationSize` entries.
 */
export class BoundedCache<V = string> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly generationSize: number) {
    if (!Number.isInteger(generationSize) || generationSize < 1) {
      throw new RangeError(`generationSize must be a positive integer, got ${generationSize}`);
    }
  }

  get(key: string): V | undefined {
    const hit = this.young.get(key);
    if (hit !== undefined) return hit;
    const aged = this.old.get(key);
    if (aged !== undefined) this.set(key, aged);
    return aged;
  }

  set(key: string, value: V): void {
    if (this.young.size >= this.generationSize) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, value);
  }

  get size(): number {
    return this.young.size + this.old.size;
  }

  clear(): void {
    this.young.clear();
    this.old.clear();
  }
}
