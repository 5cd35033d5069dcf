/**
 * A seeded pseudo-random generator for the benchmark corpus. The corpus must be byte-identical
 * for the same seed on every machine and Node version, so nothing here touches Math.random or
 * the clock: sfc32 (Chris Doty-Humphrey's "small fast counting" generator, 128 bits of state,
 * passes PractRand) driven by 32-bit integer arithmetic only. Only `logNormal` uses Math.exp,
 * whose V8 implementation is a port of fdlibm and gives the same bits on every platform.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // splitmix32 spreads a small seed (1, 2, …) over the whole state; the first outputs of
    // sfc32 from a sparse state are poorly mixed, hence the 15 discarded rounds.
    let s = seed >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 15; i++) this.u32();
  }

  /** A uniform unsigned 32-bit integer. */
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** A uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** A uniform integer in [lo, hi] inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.float() < p;
  }

  /** One element of a non-empty array. */
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new RangeError('pick from an empty array');
    return x;
  }

  /**
   * An approximately standard-normal value: the Irwin–Hall sum of 12 uniforms minus 6. Its
   * tails stop at ±6, which suits message lengths (no absurd outliers) and needs no trig.
   */
  normal(): number {
    let s = 0;
    for (let i = 0; i < 12; i++) s += this.float();
    return s - 6;
  }

  /** exp(mu + sigma·N(0,1)), clamped to [lo, hi]. */
  logNormal(mu: number, sigma: number, lo: number, hi: number): number {
    const v = Math.exp(mu + sigma * this.normal());
    return Math.min(hi, Math.max(lo, v));
  }

  /** A log-uniform value in [lo, hi]: as many 1–10 KB attachments as 10–100 KB ones. */
  logUniform(lo: number, hi: number): number {
    return lo * Math.pow(hi / lo, this.float());
  }

  /** `n` pseudo-random bytes. */
  bytes(n: number): Buffer {
    const buf = Buffer.allocUnsafe(n);
    let i = 0;
    for (; i + 4 <= n; i += 4) buf.writeUInt32LE(this.u32(), i);
    if (i < n) {
      let r = this.u32();
      for (; i < n; i++) {
        buf[i] = r & 0xff;
        r >>>= 8;
      }
    }
    return buf;
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let s = '';
    while (s.length < n) s += this.u32().toString(16).padStart(8, '0');
    return s.slice(0, n);
  }
}

/**
 * Samples ranks 0..n-1 with probability ∝ 1/(rank+1)^s (Zipf's law): a handful of people write
 * most of the mail, as in every real mailbox dump; binary search over the cumulative weights.
 */
export class ZipfSampler {
  private readonly cdf: Float64Array;

  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let total = 0;
    for (let k = 0; k < n; k++) {
      total += 1 / Math.pow(k + 1, s);
      this.cdf[k] = total;
    }
    for (let k = 0; k < n; k++) this.cdf[k] = (this.cdf[k] ?? 0) / total;
  }

  sample(rng: Prng): number {
    const u = rng.float();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] ?? 1) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
