"""The peer pipeline Firth's SPPMI-SVD is measured against (peers.md): numpy/scipy, randomized SVD.

Same settings as `npm run bench -- sppmi-svd`: whitespace tokens, min-count 5, out-of-vocabulary
tokens deleted, symmetric flat window 5, PMI with context smoothing 0.75, shift log 5, positives only,
truncated SVD d = 100 by Halko et al. (oversample 10, 5 power iterations, QR between them),
W = U * S^0.5. Prints the wall time from process start to W.npy written.

    /usr/bin/python3 scripts/reference/sppmi_svd_numpy.py CORPUS.txt.gz OUT_FOLDER
"""
import gzip
import os
import sys
import time

import numpy as np
import scipy.sparse as sp

started = time.time()
corpus, out = sys.argv[1], sys.argv[2]
opener = gzip.open if corpus.endswith('.gz') else open
with opener(corpus, 'rt', encoding='utf-8') as handle:
    tokens = handle.read().split()
words, inverse, counts = np.unique(np.array(tokens), return_inverse=True, return_counts=True)
keep = counts >= 5
order = np.lexsort((words[keep], -counts[keep]))
kept_words = words[keep][order]
id_of = np.full(len(words), -1, dtype=np.int64)
id_of[np.flatnonzero(keep)[order]] = np.arange(len(order))
ids = id_of[inverse]
ids = ids[ids >= 0]
V = len(kept_words)

rows, cols = [], []
for distance in range(1, 6):
    rows += [ids[:-distance], ids[distance:]]
    cols += [ids[distance:], ids[:-distance]]
counts_matrix = sp.coo_matrix((np.ones(sum(len(r) for r in rows)), (np.concatenate(rows), np.concatenate(cols))), shape=(V, V)).tocsr()
counts_matrix.sum_duplicates()

row_sums = np.asarray(counts_matrix.sum(axis=1)).ravel()
col_smoothed = np.asarray(counts_matrix.sum(axis=0)).ravel() ** 0.75
pmi = counts_matrix.tocoo()
values = np.log(pmi.data * col_smoothed.sum() / (row_sums[pmi.row] * col_smoothed[pmi.col])) - np.log(5)
positive = values > 0
sppmi = sp.csr_matrix((values[positive], (pmi.row[positive], pmi.col[positive])), shape=(V, V), dtype=np.float64)

rng = np.random.default_rng(1)
l = 110
Q = np.linalg.qr(sppmi @ rng.standard_normal((V, l)))[0]
for _ in range(5):
    Q = np.linalg.qr(sppmi.T @ Q)[0]
    Q = np.linalg.qr(sppmi @ Q)[0]
B = (sppmi.T @ Q).T
Ub, S, _ = np.linalg.svd(B, full_matrices=False)
U = (Q @ Ub)[:, :100]
W = (U * np.sqrt(S[:100])).astype(np.float32)
os.makedirs(out, exist_ok=True)
np.save(os.path.join(out, 'W.npy'), W)
with open(os.path.join(out, 'vocab.txt'), 'w', encoding='utf-8') as handle:
    handle.write('\n'.join(kept_words) + '\n')
print(f'numpy/scipy SPPMI-SVD: {time.time() - started:.2f} s wall, V={V}, nnz={sppmi.nnz}, top singular values {S[:3].round(3).tolist()}')
