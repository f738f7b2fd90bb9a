import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportEmbedding, loadEmbedding } from '../../../src/engine/formats';
import { useTempFolders } from '../../helpers/temp-folder';
import { pythonMissing } from '../evaluation/helpers';
import { bitsOf, provenance, trickyEmbedding } from './fixtures';

// Debian's python3-gensim (apt-get install -y python3-gensim) is the judge of word2vec files.
const missing = pythonMissing(['gensim']);
if (missing) console.warn(`gensim tests skipped: ${missing}`);

const script = String.raw`
import json, sys
from gensim.models import KeyedVectors
folder = sys.argv[1]
out = {}
for name, binary in (('vectors.txt', False), ('vectors.bin', True)):
    kv = KeyedVectors.load_word2vec_format(folder + '/' + name, binary=binary)
    out[name] = {'words': list(kv.index_to_key), 'hex': kv.vectors.astype('<f4').tobytes().hex(), 'dtype': str(kv.vectors.dtype)}
    kv.save_word2vec_format(folder + '/gensim-' + name, binary=binary)
print(json.dumps(out))
`;

describe.skipIf(missing !== undefined)('gensim compatibility', () => {
  const folder = useTempFolders();

  it('gensim loads our word2vec text and binary exports unchanged, and we load what gensim writes', async () => {
    const root = folder();
    const embedding = trickyEmbedding();
    await exportEmbedding(embedding, { format: 'word2vec-text', out: join(root, 'vectors.txt'), manifest: provenance });
    await exportEmbedding(embedding, { format: 'word2vec-binary', out: join(root, 'vectors.bin'), manifest: provenance });
    const python = spawnSync('/usr/bin/python3', ['-c', script, root], { encoding: 'utf8' });
    expect(python.status, python.stderr).toBe(0);
    const result = JSON.parse(python.stdout) as Record<string, { words: string[]; hex: string; dtype: string }>;
    const expectedHex = Buffer.from(embedding.vectors.buffer).toString('hex');
    for (const name of ['vectors.txt', 'vectors.bin']) {
      expect(result[name].words).toEqual(embedding.words);
      expect(result[name].dtype).toBe('float32');
      expect(result[name].hex).toBe(expectedHex);
      const back = await loadEmbedding(join(root, `gensim-${name}`));
      expect(back.format).toBe(name.endsWith('.bin') ? 'word2vec-binary' : 'word2vec-text');
      expect(back.embedding.words).toEqual(embedding.words);
      expect(bitsOf(back.embedding.vectors)).toEqual(bitsOf(embedding.vectors));
    }
  });
});
