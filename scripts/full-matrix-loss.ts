// The full-matrix SGNS loss of a run folder's W and C on counts of its own corpus: what the MF-SGNS
// bench prints for an SGNS run next to an MF-SGNS run (same words, same counts, same objective).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createReferenceKernels } from '../src/engine/compute/reference/kernels';
import { createKernels } from '../src/engine/compute/create-kernels';
import { loadOrBuildCorpus } from '../src/engine/corpus/corpus-cache';
import { countCooccurrences } from '../src/engine/cooccurrence/count';
import { readNpyMatrix } from '../src/engine/formats/npy';
import { sgnsMatrixPass } from '../src/engine/models/mf-sgns/sgns-matrix-pass';
import { stridedLayout, tileCells, toShardOrder } from '../src/engine/models/mf-sgns/strided-tiles';
import type { CorpusSettings } from '../src/shared/hyperparameters/corpus';

export async function fullMatrixSgnsLoss(
  folder: string,
  settings: { window: number; weighting: 'flat' | 'dyn' | 'harmonic'; cds: number; negative: number },
  cacheFolder: string,
): Promise<number> {
  const record = JSON.parse(readFileSync(join(folder, 'run.json'), 'utf8')) as { corpus: { file: string }; settings: { corpus: CorpusSettings } };
  const corpus = await loadOrBuildCorpus(record.corpus.file, record.settings.corpus, cacheFolder);
  const [W, C] = [await readNpyMatrix(join(folder, 'W.npy')), await readNpyMatrix(join(folder, 'C.npy'))];
  const V = W.rows;
  const d = W.columns;
  const ids = corpus.ids.map((id) => (id >= V ? -1 : id));
  const counts = await countCooccurrences(ids, V, { window: settings.window, weighting: settings.weighting, oovMode: 'dirty' }, { threads: 2 });
  const layout = stridedLayout(V);
  const negativeRows = new Float64Array(V);
  const contextProbabilities = new Float64Array(V);
  let total = 0;
  for (let word = 0; word < V; word++) total += counts.columnSums[word] ** settings.cds;
  for (let word = 0; word < V; word++) {
    negativeRows[layout.position[word]] = settings.negative * counts.rowSums[word];
    contextProbabilities[layout.position[word]] = counts.columnSums[word] ** settings.cds / total;
  }
  const kernels = await createKernels('cpu', { threads: 2 }).catch(() => createReferenceKernels());
  try {
    const pass = sgnsMatrixPass({ layout, dimensions: d, cells: tileCells(layout, counts), negativeRows, contextProbabilities, negative: settings.negative, hilbert: false }, kernels);
    return await pass(toShardOrder(layout, W.values, d), toShardOrder(layout, C.values, d), new Float64Array(V * d), new Float64Array(V * d));
  } finally {
    await kernels.dispose();
  }
}
