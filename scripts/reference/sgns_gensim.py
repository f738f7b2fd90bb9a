"""gensim's word2vec at the peer settings (peers.md), for `npm run bench -- sgns`.

    /usr/bin/python3 scripts/reference/sgns_gensim.py CORPUS.txt.gz WORKERS

Prints the wall time, the training time and words/s (in-vocabulary tokens read per second of training).
"""
import gzip
import sys
import tempfile
import time

from gensim.models import Word2Vec
from gensim.models.word2vec import Text8Corpus

corpus, workers = sys.argv[1], int(sys.argv[2])
# Text8Corpus splits the one-line corpus into 10,000-token sentences (gensim truncates longer ones).
with tempfile.NamedTemporaryFile('wb', suffix='.txt') as plain:
    with gzip.open(corpus, 'rb') as handle:
        plain.write(handle.read())
    plain.flush()
    started = time.time()
    model = Word2Vec(Text8Corpus(plain.name), vector_size=100, window=5, sg=1, hs=0, negative=5, sample=1e-4, min_count=5,
                     alpha=0.025, min_alpha=0.0001, seed=1, workers=workers, epochs=5)
    elapsed = time.time() - started
kept = sum(model.wv.get_vecattr(word, 'count') for word in model.wv.index_to_key)
# Words/s as word2vec and Firth count them: in-vocabulary tokens read (subsampled ones included).
print(f'gensim {workers} worker(s): {elapsed:.2f} s wall, training {model.total_train_time:.2f} s, {kept * 5 / model.total_train_time:.0f} words/s')
