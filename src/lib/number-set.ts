/**
 * A set of non-zero integers up to 2^53 in one Float64Array (open addressing, linear probing):
 * 8–16 bytes per entry instead of a Map's ~60, for duplicate checks over millions of hashes.
 */
export class NumberSet {
  private slots: Float64Array;
  private count = 0;

  constructor(capacity = 1 << 16) {
    this.slots = new Float64Array(1 << Math.ceil(Math.log2(Math.max(16, capacity * 2))));
  }

  get size(): number {
    return this.count;
  }

  /** Adds `n` (≠ 0); returns false when it was already there. */
  add(n: number): boolean {
    if (n === 0) n = 1;
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    for (let i = (n ^ (n / 4294967296)) & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === 0) {
        this.slots[i] = n;
        this.count++;
        return true;
      }
      if (v === n) return false;
    }
  }

  has(n: number): boolean {
    if (n === 0) n = 1;
    const mask = this.slots.length - 1;
    for (let i = (n ^ (n / 4294967296)) & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === 0) return false;
      if (v === n) return true;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.count = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }
}
