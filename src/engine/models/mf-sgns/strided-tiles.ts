// hilbert's strided shards: word i belongs to shard i mod s, so each shard (and each tile of the
// V×V matrix) mixes frequent and rare words, and every tile does about the same work. Parameters are
// kept in shard order (shard 0's rows, then shard 1's …), so a shard's rows are one contiguous block
// and a tile's W_t and C_t are views, never copies.

import type { CooccurrenceMatrix } from '../../cooccurrence/cooccurrence-matrix';

export interface StridedLayout {
  vocabularySize: number;
  shards: number;
  /** shardStart[a] is the first shard-order row of shard a; shardStart[s] = V. */
  shardStart: Uint32Array;
  /** position[i]: where word i's row is in shard order. */
  position: Uint32Array;
}

/** The tile side is at most this: a tile's float32 scores are 16 MB, and its GEMMs stay large. */
export const largestTileSide = 2048;

export function stridedLayout(vocabularySize: number, shards = Math.max(1, Math.ceil(vocabularySize / largestTileSide))): StridedLayout {
  const shardStart = new Uint32Array(shards + 1);
  for (let shard = 0; shard < shards; shard++) {
    const size = Math.ceil((vocabularySize - shard) / shards);
    shardStart[shard + 1] = shardStart[shard] + Math.max(0, size);
  }
  const position = new Uint32Array(vocabularySize);
  for (let word = 0; word < vocabularySize; word++) position[word] = shardStart[word % shards] + Math.floor(word / shards);
  return { vocabularySize, shards, shardStart, position };
}

export function shardSize(layout: StridedLayout, shard: number): number {
  return layout.shardStart[shard + 1] - layout.shardStart[shard];
}

/** Word-order rows (V×d) into shard order. */
export function toShardOrder(layout: StridedLayout, rows: Float32Array, d: number): Float32Array {
  const result = new Float32Array(rows.length);
  for (let word = 0; word < layout.vocabularySize; word++) result.set(rows.subarray(word * d, word * d + d), layout.position[word] * d);
  return result;
}

/** Shard-order rows back into word order. */
export function toWordOrder(layout: StridedLayout, rows: Float32Array, d: number): Float32Array {
  const result = new Float32Array(rows.length);
  for (let word = 0; word < layout.vocabularySize; word++) result.set(rows.subarray(layout.position[word] * d, layout.position[word] * d + d), word * d);
  return result;
}

/** The observed cells of one tile: their flat index row·n + column inside the tile, and N. */
export interface TileCells {
  index: Uint32Array;
  values: Float64Array;
}

/** Splits N's observed cells by tile once, so each step scatters a tile's cells without scanning N. */
export function tileCells(layout: StridedLayout, counts: CooccurrenceMatrix): TileCells[][] {
  const { shards } = layout;
  const sizes = Array.from({ length: shards * shards }, () => 0);
  const { rowPointers, columnIndices, values } = counts;
  for (let row = 0; row < counts.rows; row++) {
    const rowShard = row % shards;
    for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) sizes[rowShard * shards + (columnIndices[slot] % shards)]++;
  }
  const tiles = sizes.map((size) => ({ index: new Uint32Array(size), values: new Float64Array(size) }));
  const filled = new Array<number>(shards * shards).fill(0);
  for (let row = 0; row < counts.rows; row++) {
    const rowShard = row % shards;
    const localRow = Math.floor(row / shards);
    for (let slot = rowPointers[row]; slot < rowPointers[row + 1]; slot++) {
      const column = columnIndices[slot];
      const columnShard = column % shards;
      const n = shardSize(layout, columnShard);
      const tile = rowShard * shards + columnShard;
      tiles[tile].index[filled[tile]] = localRow * n + Math.floor(column / shards);
      tiles[tile].values[filled[tile]] = values[slot];
      filled[tile]++;
    }
  }
  return Array.from({ length: shards }, (_, a) => tiles.slice(a * shards, (a + 1) * shards));
}
