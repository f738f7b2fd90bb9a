import { encodeNpyHeaderFor } from './npy';

/** A 1-D float64 .npy file, e.g. singular values: numpy.load gives shape (n,). */
export function* float64VectorNpy(values: Float64Array): Generator<Uint8Array> {
  yield encodeNpyHeaderFor('<f8', [values.length]);
  const body = new Uint8Array(values.length * 8);
  const view = new DataView(body.buffer);
  for (let index = 0; index < values.length; index++) view.setFloat64(index * 8, values[index], true);
  yield body;
}
