import { readFileSync } from 'node:fs';
import { countCooccurrences } from '../src/engine/cooccurrence';
import { prepareCorpus } from '../src/engine/corpus';
import { sppmi } from '../src/engine/pmi';
import { createKernels } from '../src/engine/compute';
import { blockKrylovSvd } from '../src/engine/linalg/block-krylov-svd';
import { randomizedSvd } from '../src/engine/linalg/randomized-svd';
const reference: number[] = JSON.parse(readFileSync('/tmp/exp17/sv.json', 'utf8'));
const prepared = await prepareCorpus('/work/shared/data/text8_prefix.txt.gz', { tokenPattern: 'whitespace', minCount: 5 });
const V = prepared.vocabulary.words.length;
const counts = await countCooccurrences(prepared.ids, V, { window: 5, oovMode: 'dirty' });
const matrix = await sppmi(counts, { cds: 0.75, shiftK: 5 });
const kernels = await createKernels('cpu', { threads: 2 });
const err = (s: Float64Array) => { let e = 0; for (let i = 0; i < 100; i++) e = Math.max(e, Math.abs(s[i] - reference[i]) / reference[i]); return e; };
for (const [b, tol] of [[40, 2e-2], [48, 2e-2]]) {
  const t = performance.now();
  const r = await blockKrylovSvd(matrix, 100, { seed: 1, kernels, blockSize: b, tolerance: tol });
  console.log('krylov b', b, 'tol', tol, (performance.now() - t).toFixed(0), 'ms', 'maxerr', err(r.S).toFixed(4), JSON.stringify(r.statistics), JSON.stringify(r.timings));
}
const t = performance.now();
const r = await randomizedSvd(matrix, 100, { seed: 1, kernels });
console.log('randomized', (performance.now() - t).toFixed(0), 'ms maxerr', err(r.S).toFixed(4), JSON.stringify(r.timings));
await kernels.dispose();
