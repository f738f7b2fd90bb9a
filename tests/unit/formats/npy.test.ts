import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeNpyHeader, exportEmbedding, loadEmbedding, parseNpyHeader, readNpyMatrix } from '../../../src/engine/formats';
import { float64VectorNpy } from '../../../src/engine/formats/npy-vector';
import { useTempFolders } from '../../helpers/temp-folder';
import { pythonMissing } from '../evaluation/helpers';
import { bitsOf, provenance, trickyEmbedding } from './fixtures';

/** A .npy file put together by hand, as numpy would write it for the given header fields. */
function npyBytes(descr: string, fortranOrder: boolean, shape: number[], data: Uint8Array, version = 1): Buffer {
  const dict = `{'descr': '${descr}', 'fortran_order': ${fortranOrder ? 'True' : 'False'}, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const fixed = version === 1 ? 10 : 12;
  const total = Math.ceil((fixed + dict.length + 1) / 64) * 64;
  const header = Buffer.alloc(total, 0x20);
  header.write('\x93NUMPY', 0, 'latin1');
  header[6] = version;
  header[7] = 0;
  if (version === 1) header.writeUInt16LE(total - fixed, 8);
  else header.writeUInt32LE(total - fixed, 8);
  header.write(dict, fixed, 'latin1');
  header[total - 1] = 0x0a;
  return Buffer.concat([header, data]);
}

describe('npy headers', () => {
  it('writes version 1.0 with the data 64-byte aligned, and reads it back', () => {
    const header = encodeNpyHeader(22541, 100);
    expect(header.length % 64).toBe(0);
    expect(header[header.length - 1]).toBe(0x0a);
    expect(parseNpyHeader(header, 'x.npy')).toEqual({ descr: '<f4', fortranOrder: false, shape: [22541, 100], dataOffset: header.length });
  });

  it('rejects what is not .npy', () => {
    expect(() => parseNpyHeader(Buffer.from('PK\x03\x04 not numpy'), 'a.npz')).toThrow(/a\.npz: not a NumPy \.npy file/);
  });
});

describe('readNpyMatrix', () => {
  const folder = useTempFolders();
  const write = (name: string, bytes: Buffer) => {
    const path = join(folder(), name);
    writeFileSync(path, bytes);
    return path;
  };

  it('converts float64 to float32, reads Fortran order and version 2.0 headers', async () => {
    const doubles = Buffer.from(Float64Array.of(1, 2, 3, 4, 5, 6).buffer);
    expect(Array.from((await readNpyMatrix(write('f8.npy', npyBytes('<f8', false, [2, 3], doubles)))).values)).toEqual([1, 2, 3, 4, 5, 6]);
    // Column-major 2×3: columns (1, 4), (2, 5), (3, 6).
    const columnMajor = Buffer.from(Float32Array.of(1, 4, 2, 5, 3, 6).buffer);
    const fortran = await readNpyMatrix(write('fortran.npy', npyBytes('<f4', true, [2, 3], columnMajor)));
    expect([fortran.rows, fortran.columns, Array.from(fortran.values)]).toEqual([2, 3, [1, 2, 3, 4, 5, 6]]);
    const version2 = await readNpyMatrix(write('v2.npy', npyBytes('<f4', false, [3, 2], Buffer.from(Float32Array.of(1, 2, 3, 4, 5, 6).buffer), 2)));
    expect([version2.rows, version2.columns]).toEqual([3, 2]);
    const bigEndian = Buffer.alloc(8);
    bigEndian.writeFloatBE(1.5, 0);
    bigEndian.writeFloatBE(-2, 4);
    expect(Array.from((await readNpyMatrix(write('be.npy', npyBytes('>f4', false, [1, 2], bigEndian)))).values)).toEqual([1.5, -2]);
  });

  it('names the file of a truncated matrix, a 1-D array or an integer dtype', async () => {
    const data = Buffer.from(Float32Array.of(1, 2, 3, 4, 5).buffer);
    const truncated = write('cut.npy', npyBytes('<f4', false, [2, 3], data));
    await expect(readNpyMatrix(truncated)).rejects.toMatchObject({ code: 'corrupt-file', where: { file: truncated } });
    await expect(readNpyMatrix(truncated)).rejects.toThrow(/cut short: shape \(2, 3\) needs 24 bytes of data, it holds 20/);
    await expect(readNpyMatrix(write('flat.npy', npyBytes('<f4', false, [5], data)))).rejects.toThrow(/expected a 2-D matrix/);
    await expect(readNpyMatrix(write('int.npy', npyBytes('<i4', false, [1, 5], data)))).rejects.toThrow(/dtype <i4 is not supported/);
  });

  it('checks the word list against the rows, and NaN rows, naming the files', async () => {
    const root = folder();
    writeFileSync(join(root, 'vectors.npy'), npyBytes('<f4', false, [3, 1], Buffer.from(Float32Array.of(1, Number.NaN, 3).buffer)));
    writeFileSync(join(root, 'vocab.txt'), 'a\nb\n');
    await expect(loadEmbedding(join(root, 'vectors.npy'))).rejects.toThrow(/vocab\.txt: names 2 words but the matrix vectors\.npy has 3 rows/);
    writeFileSync(join(root, 'vocab.txt'), 'a\nb\nc\n');
    await expect(loadEmbedding(root)).rejects.toThrow(/vectors\.npy, record 2: row 2 \("b"\): value 1 is NaN/);
    const kept = await loadEmbedding(root, { skipInvalid: true });
    expect(kept.embedding.words).toEqual(['a', 'c']);
    expect(Array.from(kept.embedding.vectors)).toEqual([1, 3]);
    writeFileSync(join(root, 'vocab.txt'), 'a\na\nc\n');
    await expect(loadEmbedding(root)).rejects.toThrow(/vocab\.txt, line 2: the word "a" appears twice/);
  });
});

const numpyMissing = pythonMissing(['numpy']);
if (numpyMissing) console.warn(`npy cross-check with numpy skipped: ${numpyMissing}`);

describe.skipIf(numpyMissing !== undefined)('npy files and numpy', () => {
  const folder = useTempFolders();

  it('numpy.load reads our export bit for bit, and we read what numpy.save writes', async () => {
    const root = folder();
    const embedding = trickyEmbedding();
    await exportEmbedding(embedding, { format: 'npy', out: join(root, 'ours'), manifest: provenance });
    const script = [
      'import numpy as np, sys',
      `m = np.load(sys.argv[1] + "/ours/vectors.npy")`,
      'assert m.dtype == np.float32 and m.shape == (9, 4) and m.flags.c_contiguous',
      'sys.stdout.write(m.tobytes().hex())',
      'np.save(sys.argv[1] + "/theirs.npy", np.asfortranarray(m.astype(np.float64)))',
      'v = np.load(sys.argv[1] + "/vector.npy")',
      'assert v.dtype == np.float64 and v.shape == (3,) and list(v) == [315.155, 161.224, 1e-300], v',
    ].join('\n');
    const { stageFile, commitStagedFiles } = await import('../../../src/engine/formats/atomic-files');
    commitStagedFiles([await stageFile(join(root, 'vector.npy'), float64VectorNpy(Float64Array.of(315.155, 161.224, 1e-300)))], false);
    const python = spawnSync('/usr/bin/python3', ['-c', script, root], { encoding: 'utf8' });
    expect(python.stderr).toBe('');
    expect(python.stdout).toBe(Buffer.from(embedding.vectors.buffer).toString('hex'));
    writeFileSync(join(root, 'vocab.txt'), readFileSync(join(root, 'ours', 'vocab.txt')));
    const theirs = await loadEmbedding(join(root, 'theirs.npy'));
    expect(theirs.embedding.words).toEqual(embedding.words);
    expect(bitsOf(theirs.embedding.vectors)).toEqual(bitsOf(embedding.vectors));
  });
});
