import { FirthError } from '../../shared/errors';

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** A 1-D float64 .npy file (NumPy format 1.0), e.g. singular values: numpy.load gives shape (n,). */
export function* float64VectorNpy(values: Float64Array): Generator<Uint8Array> {
  const dict = `{'descr': '<f8', 'fortran_order': False, 'shape': (${values.length},), }`;
  const unpadded = 10 + dict.length + 1;
  const padded = Math.ceil(unpadded / 64) * 64;
  if (padded - 10 > 0xffff) throw new FirthError('internal', 'a .npy 1.0 header cannot be this long');
  const header = new Uint8Array(padded);
  header.set(magic, 0);
  header[6] = 1;
  new DataView(header.buffer).setUint16(8, padded - 10, true);
  const text = dict + ' '.repeat(padded - unpadded) + '\n';
  for (let index = 0; index < text.length; index++) header[10 + index] = text.charCodeAt(index);
  yield header;
  const body = new Uint8Array(values.length * 8);
  const view = new DataView(body.buffer);
  for (let index = 0; index < values.length; index++) view.setFloat64(index * 8, values[index], true);
  yield body;
}
