import { readFileSync } from 'node:fs';
import { FirthError } from '../../shared/errors';
import { fileSystemError } from '../io/file-errors';
import { openForReading } from './text-lines';
import type { RowCounter } from './text-rows';

// NumPy's .npy format (numpy/lib/format.py): the magic "\x93NUMPY", a major and minor version
// byte, the header length (uint16 little-endian in 1.0; uint32 in 2.0 and 3.0), then an ASCII
// (3.0: UTF-8) Python dict literal with 'descr', 'fortran_order' and 'shape', padded with spaces
// and a final newline so the data starts on a 64-byte boundary; then the raw array.

export interface NpyHeader {
  /** NumPy dtype string, e.g. '<f4'. */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the first value. */
  dataOffset: number;
}

/** A 2-D float32 matrix, row-major. */
export interface NpyMatrix {
  values: Float32Array;
  rows: number;
  columns: number;
}

const magic = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const alignment = 64;

/** True on little-endian hosts (all that Node runs on in practice); then float32 bytes copy as-is. */
const hostIsLittleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;

function corrupt(file: string, reason: string): FirthError {
  return new FirthError('corrupt-file', `${file}: ${reason}`, { file });
}

/** How many bytes the fixed part and the dict take, or why `bytes` is not the start of a .npy file. */
function preamble(bytes: Uint8Array, file: string): { headerStart: number; headerLength: number; major: number } {
  if (bytes.length < 10 || magic.some((value, index) => bytes[index] !== value)) {
    throw corrupt(file, 'not a NumPy .npy file (it does not start with \\x93NUMPY)');
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (major === 1) return { headerStart: 10, headerLength: view.getUint16(8, true), major };
  if (major === 2 || major === 3) {
    if (bytes.length < 12) throw corrupt(file, 'the .npy header is cut short');
    return { headerStart: 12, headerLength: view.getUint32(8, true), major };
  }
  throw corrupt(file, `.npy format version ${major}.${bytes[7]} is not supported (1.0, 2.0 and 3.0 are)`);
}

/** Reads the header dict. `bytes` must hold at least the whole header. */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  const { headerStart, headerLength, major } = preamble(bytes, file);
  const dataOffset = headerStart + headerLength;
  if (bytes.length < dataOffset) throw corrupt(file, 'the .npy header is cut short');
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, dataOffset));
  const descr = /['"]descr['"]\s*:\s*['"]([^'"]*)['"]/.exec(text)?.[1];
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw corrupt(file, `the .npy header is not a dict with descr, fortran_order and shape: ${text.trim().slice(0, 200)}`);
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => Number(part.replace(/L$/, '')));
  if (shape.some((size) => !Number.isSafeInteger(size) || size < 0)) throw corrupt(file, `the .npy shape (${shapeText}) is not a list of sizes`);
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset };
}

/** The version 1.0 header for a C-order float32 matrix, padded so the data starts 64-byte aligned. */
export function encodeNpyHeader(rows: number, columns: number): Uint8Array {
  return encodeNpyHeaderFor('<f4', [rows, columns]);
}

/** The version 1.0 header for a C-order array of any dtype and shape. */
export function encodeNpyHeaderFor(descr: string, shape: number[]): Uint8Array {
  // Python writes a 1-tuple as "(n,)".
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const unpadded = 10 + dict.length + 1;
  const padded = Math.ceil(unpadded / alignment) * alignment;
  const headerLength = padded - 10;
  if (headerLength > 0xffff) throw new FirthError('internal', 'a .npy 1.0 header cannot be this long');
  const bytes = new Uint8Array(padded);
  bytes.set(magic, 0);
  bytes[6] = 1;
  bytes[7] = 0;
  new DataView(bytes.buffer).setUint16(8, headerLength, true);
  const text = dict + ' '.repeat(padded - unpadded) + '\n';
  for (let index = 0; index < text.length; index++) bytes[10 + index] = text.charCodeAt(index);
  return bytes;
}

/** The raw little-endian bytes of float32 values (a view when the host is little-endian). */
export function float32LittleEndianBytes(values: Float32Array): Uint8Array {
  if (hostIsLittleEndian) return new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  for (let index = 0; index < values.length; index++) view.setFloat32(index * 4, values[index], true);
  return bytes;
}

/** The chunks of a whole .npy file: header, then the matrix in slices of at most 64 MiB. */
export function* npyChunks(values: Float32Array, rows: number, columns: number, onRows?: RowCounter): Generator<Uint8Array> {
  yield encodeNpyHeader(rows, columns);
  yield* float32Slices(values, columns, onRows);
}

/** The values as little-endian float32 bytes, in slices of at most 64 MiB; `onRows` counts whole rows. */
export function* float32Slices(values: Float32Array, columns: number, onRows?: RowCounter): Generator<Uint8Array> {
  const slice = 16 * 1024 * 1024;
  let rowsDone = 0;
  for (let start = 0; start < values.length; start += slice) {
    const end = Math.min(values.length, start + slice);
    const rowsNow = columns > 0 ? Math.floor(end / columns) : 0;
    onRows?.(rowsNow - rowsDone);
    rowsDone = rowsNow;
    yield float32LittleEndianBytes(values.subarray(start, end));
  }
}

const itemBytes: Record<string, { size: number; littleEndian: boolean; float64: boolean }> = {
  '<f4': { size: 4, littleEndian: true, float64: false },
  '>f4': { size: 4, littleEndian: false, float64: false },
  '<f8': { size: 8, littleEndian: true, float64: true },
  '>f8': { size: 8, littleEndian: false, float64: true },
};

/**
 * Reads a 2-D .npy matrix of float32 or float64 (converted to float32) in C or Fortran order, read
 * in slices straight into the result so a large file is held once, not twice.
 */
export async function readNpyMatrix(file: string): Promise<NpyMatrix> {
  const handle = await openForReading(file);
  try {
    const { size: fileBytes } = await handle.stat();
    const start = new Uint8Array(Math.min(fileBytes, 4096));
    await handle.read(start, 0, start.length, 0);
    let header: NpyHeader;
    try {
      header = parseNpyHeader(start, file);
    } catch (error) {
      // A header longer than the first read (very wide shapes): read exactly as much as it says.
      const { headerStart, headerLength } = preamble(start, file);
      if (headerStart + headerLength <= start.length || headerStart + headerLength > fileBytes) throw error;
      const whole = new Uint8Array(headerStart + headerLength);
      await handle.read(whole, 0, whole.length, 0);
      header = parseNpyHeader(whole, file);
    }
    const item = itemBytes[header.descr];
    if (!item) throw corrupt(file, `dtype ${header.descr} is not supported (float32 '<f4' or float64 '<f8' are)`);
    if (header.shape.length !== 2) throw corrupt(file, `expected a 2-D matrix (words × dimensions), found shape (${header.shape.join(', ')})`);
    const [rows, columns] = header.shape;
    const count = rows * columns;
    const dataBytes = count * item.size;
    if (fileBytes - header.dataOffset < dataBytes) {
      throw corrupt(file, `the file is cut short: shape (${rows}, ${columns}) needs ${dataBytes} bytes of data, it holds ${fileBytes - header.dataOffset}`);
    }
    const values = new Float32Array(count);
    if (item.size === 4 && item.littleEndian === hostIsLittleEndian) {
      await readFully(handle, new Uint8Array(values.buffer), header.dataOffset);
    } else {
      await readConverted(handle, values, header.dataOffset, item);
    }
    return { values: header.fortranOrder ? transpose(values, columns, rows) : values, rows, columns };
  } finally {
    await handle.close();
  }
}

type Handle = Awaited<ReturnType<typeof openForReading>>;

async function readFully(handle: Handle, target: Uint8Array, position: number): Promise<void> {
  const slice = 64 * 1024 * 1024;
  for (let offset = 0; offset < target.length; ) {
    const { bytesRead } = await handle.read(target, offset, Math.min(slice, target.length - offset), position + offset);
    if (bytesRead === 0) throw new FirthError('io', 'the file ended while it was being read');
    offset += bytesRead;
  }
}

async function readConverted(handle: Handle, values: Float32Array, position: number, item: { size: number; littleEndian: boolean; float64: boolean }): Promise<void> {
  const perSlice = 1024 * 1024;
  const buffer = new Uint8Array(perSlice * item.size);
  const view = new DataView(buffer.buffer);
  for (let first = 0; first < values.length; first += perSlice) {
    const count = Math.min(perSlice, values.length - first);
    await readFully(handle, buffer.subarray(0, count * item.size), position + first * item.size);
    for (let index = 0; index < count; index++) {
      values[first + index] = item.float64 ? view.getFloat64(index * 8, item.littleEndian) : view.getFloat32(index * 4, item.littleEndian);
    }
  }
}

/** A rows×columns row-major matrix transposed (Fortran-order data is the transpose laid out in C order). */
function transpose(values: Float32Array, rows: number, columns: number): Float32Array {
  const result = new Float32Array(values.length);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) result[column * rows + row] = values[row * columns + column];
  }
  return result;
}

/** A 1-D float32 or float64 .npy vector (shape (n,) or (n, 1)) of `length` values (any length when absent), as float64. */
export function readNpyVector(file: string, length?: number): Float64Array {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    throw fileSystemError(error, 'read', file);
  }
  const header = parseNpyHeader(bytes, file);
  const itemBytes = header.descr === '<f8' ? 8 : header.descr === '<f4' ? 4 : 0;
  const count = header.shape[0];
  if (itemBytes === 0 || !(header.shape.length === 1 || (header.shape.length === 2 && header.shape[1] === 1))) {
    throw new FirthError('corrupt-file', `${file} must be a 1-D float32 or float64 vector (found ${header.descr}, shape (${header.shape.join(', ')}))`, { file });
  }
  if (length !== undefined && count !== length) throw new FirthError('corrupt-file', `${file} holds ${count} values where ${length} are expected`, { file });
  if (bytes.length - header.dataOffset < count * itemBytes) throw new FirthError('corrupt-file', `${file} is cut short`, { file });
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset, count * itemBytes);
  return Float64Array.from({ length: count }, (_, index) => (itemBytes === 8 ? view.getFloat64(index * 8, true) : view.getFloat32(index * 4, true)));
}
