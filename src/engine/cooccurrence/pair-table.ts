// Weighted counts of (row, column) pairs in an open-addressing hash table on typed arrays: 16 bytes
// a slot, no object per pair. A JS Map keyed by pairs costs several times the memory and time
// (docs/kernels.md: measured 0.62 s for the benchmark's 20.5 M pair events this way). Linear probing; the
// table doubles before it is 70 % full.

/** A slot whose key is this is empty (keys are row·width + column ≥ 0). */
const emptyKey = -1;
const largestLoad = 0.7;

export class PairTable {
  /** row·width + column, exact in a float64 while width² < 2^53; `emptyKey` in empty slots. */
  keys: Float64Array;
  values: Float64Array;
  /** Occupied slots. */
  size = 0;
  private mask: number;
  private growAt: number;

  /** `width`: the number of columns (the key is row·width + column). `capacity` is rounded up to a power of 2. */
  constructor(
    readonly width: number,
    capacity = 1 << 16,
  ) {
    const slots = 2 ** Math.max(4, Math.ceil(Math.log2(capacity)));
    this.keys = new Float64Array(slots).fill(emptyKey);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
    this.growAt = Math.floor(slots * largestLoad);
  }

  /** Adds `weight` to the count of (row, column). */
  add(row: number, column: number, weight: number): void {
    const key = row * this.width + column;
    const keys = this.keys;
    const mask = this.mask;
    let slot = slotOf(row, column) & mask;
    for (;;) {
      const found = keys[slot];
      if (found === key) {
        this.values[slot] += weight;
        return;
      }
      if (found === emptyKey) break;
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    this.values[slot] = weight;
    if (++this.size > this.growAt) this.grow();
  }

  /** The count of (row, column), 0 when never added. */
  get(row: number, column: number): number {
    const key = row * this.width + column;
    for (let slot = slotOf(row, column) & this.mask; ; slot = (slot + 1) & this.mask) {
      const found = this.keys[slot];
      if (found === key) return this.values[slot];
      if (found === emptyKey) return 0;
    }
  }

  isOccupied(slot: number): boolean {
    return this.keys[slot] !== emptyKey;
  }

  /** Drops the arrays so their memory can be collected while the caller still holds the table. */
  release(): void {
    this.keys = new Float64Array(0);
    this.values = new Float64Array(0);
    this.size = 0;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const slots = oldKeys.length * 2;
    const keys = new Float64Array(slots).fill(emptyKey);
    const values = new Float64Array(slots);
    const mask = slots - 1;
    const width = this.width;
    for (let oldSlot = 0; oldSlot < oldKeys.length; oldSlot++) {
      const key = oldKeys[oldSlot];
      if (key === emptyKey) continue;
      const row = Math.floor(key / width);
      let slot = slotOf(row, key - row * width) & mask;
      while (keys[slot] !== emptyKey) slot = (slot + 1) & mask;
      keys[slot] = key;
      values[slot] = oldValues[oldSlot];
    }
    this.keys = keys;
    this.values = values;
    this.mask = mask;
    this.growAt = Math.floor(slots * largestLoad);
  }
}

/**
 * Mixes (row, column) into 32 bits. Ids are small and frequency-ordered, so the raw key would crowd
 * into neighbouring slots; a multiply-xorshift finaliser (as in MurmurHash3's fmix32) spreads them.
 */
function slotOf(row: number, column: number): number {
  let hash = Math.imul(row, 0x9e3779b1) ^ column;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  return (hash ^ (hash >>> 16)) >>> 0;
}
