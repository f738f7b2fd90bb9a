import type { Embedding } from '../../../src/engine/formats';

export const provenance = { appVersion: '0.1.0-test', matrix: 'w', normalization: 'none', corpusHash: 'sha256:abc', seed: 7, settings: { dimensions: 4 } };

/**
 * Words that test the encodings (accents, CJK, an emoji, the C tool's </s>, a comma and a quote
 * for CSV) and float32 values that test the number formatting: −0, the smallest subnormal, the
 * largest finite float32, values with no short decimal form.
 */
export function trickyEmbedding(): Embedding {
  const words = ['</s>', 'the', 'café', '日本', 'naïve', 'emoji😀', 'a,b', 'say"hi"', 'x'];
  const dimensions = 4;
  const special = [0, -0, 1e-45, -1e-45, 3.4028234663852886e38, -1.1754943508222875e-38, 0.1, 1 / 3, -2.5, 1e-7, 123456789, 7];
  const vectors = new Float32Array(words.length * dimensions);
  for (let index = 0; index < vectors.length; index++) {
    vectors[index] = index < special.length ? special[index] : Math.sin(index * 12.9898) * 43758.5453 - Math.floor(Math.sin(index * 12.9898) * 43758.5453) - 0.5;
  }
  return { words, vectors, dimensions, counts: Float64Array.from(words, (_, index) => 1000 - index * 10) };
}

/** The float32 values as raw bits, so −0 ≠ 0 and every last bit counts. */
export function bitsOf(values: Float32Array): number[] {
  return Array.from(new Uint32Array(values.buffer, values.byteOffset, values.length));
}
