/** Lower-case hex digests of at least 128 bits (sha256 gives 64 digits): kept as their first 16 bytes. */
const HEX_DIGEST = /^[0-9a-f]{32,}$/;

const EMPTY = 0;
const USED = 1;

/**
 * A set of hex digests (sha256 of attachment files) that an ingest keeps for a whole input, to
 * count each file once. A Set of the 64-character strings held 11.5 MiB for the 120,000
 * attachments of the 1,000,000-message bench Maildir (~100 bytes an entry); this holds 4.2 MiB
 * (17 bytes a slot, at most half of the slots used). A digest is kept as its
 * first 128 bits in an open-addressing table of 32-bit words (the digits are uniformly random,
 * so the first word is the hash): two files whose sha256 agree on 128 bits are as unlikely as
 * two items whose ids do (item ids are 128 bits too). Anything that is not such a digest is
 * kept in a plain Set.
 */
export class DigestSet {
  private words = new Uint32Array(4 * 1024);
  private state = new Uint8Array(1024);
  private used = 0;
  private readonly others = new Set<string>();

  get size(): number {
    return this.used + this.others.size;
  }

  has(digest: string): boolean {
    if (!HEX_DIGEST.test(digest)) return this.others.has(digest);
    const key = keyOf(digest);
    return this.state[this.slotOf(key)] === USED;
  }

  /** Adds `digest`; true when it was not in the set. */
  add(digest: string): boolean {
    if (!HEX_DIGEST.test(digest)) {
      if (this.others.has(digest)) return false;
      this.others.add(digest);
      return true;
    }
    const key = keyOf(digest);
    const slot = this.slotOf(key);
    if (this.state[slot] === USED) return false;
    this.put(slot, key);
    this.used++;
    if (2 * this.used > this.state.length) this.grow();
    return true;
  }

  /** The slot holding `key`, or the empty slot where it would go (linear probing). */
  private slotOf(key: Uint32Array): number {
    const mask = this.state.length - 1;
    for (let slot = key[0]! & mask; ; slot = (slot + 1) & mask) {
      if (this.state[slot] === EMPTY) return slot;
      const at = 4 * slot;
      if (
        this.words[at] === key[0] &&
        this.words[at + 1] === key[1] &&
        this.words[at + 2] === key[2] &&
        this.words[at + 3] === key[3]
      )
        return slot;
    }
  }

  private put(slot: number, key: Uint32Array): void {
    this.words.set(key, 4 * slot);
    this.state[slot] = USED;
  }

  private grow(): void {
    const words = this.words;
    const state = this.state;
    this.words = new Uint32Array(words.length * 2);
    this.state = new Uint8Array(state.length * 2);
    for (let slot = 0; slot < state.length; slot++) {
      if (state[slot] !== USED) continue;
      const key = words.subarray(4 * slot, 4 * slot + 4);
      this.put(this.slotOf(key), key);
    }
  }
}

const scratch = new Uint32Array(4);

/** The first 128 bits of a hex digest as four words (a shared buffer: copy to keep). */
function keyOf(digest: string): Uint32Array {
  for (let w = 0; w < 4; w++) scratch[w] = parseInt(digest.slice(8 * w, 8 * w + 8), 16);
  return scratch;
}
