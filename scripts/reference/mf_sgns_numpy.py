#!/usr/bin/env python3
"""MF-SGNS as a numpy user writes it: dense V x V counts, dense full-batch Adam on the full-matrix
SGNS loss. The reference `npm run bench -- mf-sgns` times Firth against (scripts/bench-mf-sgns.ts).

Same counting as Firth's defaults for the bench: whitespace tokens, words seen >= min-count times,
the top V by count (ties by word), out-of-vocabulary tokens deleted before windowing, symmetric
window L with word2vec's expected weights (L - d + 1) / L ("dyn"), no subsampling. Then

  N-_ij = k N_i P_a(j),   loss = sum N softplus(-x) + N- softplus(x),   G = (N + N-) sigmoid(x) - N,
  grad W = G C,  grad C = G^T W,  one Adam update per step (float32 GEMMs, float64 loss).

Usage: mf_sgns_numpy.py CORPUS(.txt or .gz) --out VECTORS.txt [--vocab 5000 --dim 100 --window 5
       --neg 5 --cds 0.75 --steps 300 --lr 0.02 --seed 1 --min-count 5]
Prints one line of JSON: final loss, seconds for counting and training, GFLOP/s of the GEMMs.
"""
import argparse
import gzip
import json
import time
from collections import Counter

import numpy as np


def read_tokens(path):
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='utf-8') as handle:
        return handle.read().split()


def counts_matrix(tokens, vocab_size, window, min_count):
    frequency = Counter(tokens)
    words = sorted((word for word, count in frequency.items() if count >= min_count), key=lambda word: (-frequency[word], word))[:vocab_size]
    index = {word: position for position, word in enumerate(words)}
    ids = np.fromiter((index.get(token, -1) for token in tokens), dtype=np.int64, count=len(tokens))
    ids = ids[ids >= 0]  # out-of-vocabulary tokens deleted before windowing
    V = len(words)
    flat = np.zeros(V * V, dtype=np.float64)
    for distance in range(1, window + 1):
        weight = (window - distance + 1) / window
        left, right = ids[:-distance], ids[distance:]
        flat += weight * np.bincount(left * V + right, minlength=V * V)
        flat += weight * np.bincount(right * V + left, minlength=V * V)
    return words, flat.reshape(V, V)


def softplus(x):
    return np.maximum(x, 0) + np.log1p(np.exp(-np.abs(x)))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('corpus')
    parser.add_argument('--out', required=True)
    parser.add_argument('--vocab', type=int, default=5000)
    parser.add_argument('--dim', type=int, default=100)
    parser.add_argument('--window', type=int, default=5)
    parser.add_argument('--neg', type=float, default=5)
    parser.add_argument('--cds', type=float, default=0.75)
    parser.add_argument('--steps', type=int, default=300)
    parser.add_argument('--lr', type=float, default=0.02)
    parser.add_argument('--seed', type=int, default=1)
    parser.add_argument('--min-count', type=int, default=5)
    args = parser.parse_args()

    started = time.perf_counter()
    words, N = counts_matrix(read_tokens(args.corpus), args.vocab, args.window, args.min_count)
    V, d = len(words), args.dim
    row_sums = N.sum(axis=1)
    smoothed = N.sum(axis=0) ** args.cds
    negatives = (args.neg * row_sums)[:, None] * (smoothed / smoothed.sum())[None, :]
    weight = (N + negatives).astype(np.float32)
    positive = N.astype(np.float32)
    count_seconds = time.perf_counter() - started

    started = time.perf_counter()
    random = np.random.default_rng(args.seed)
    W = ((random.random((V, d)) - 0.5) / d).astype(np.float32)
    C = ((random.random((V, d)) - 0.5) / d).astype(np.float32)
    moments = [np.zeros_like(W), np.zeros_like(W), np.zeros_like(C), np.zeros_like(C)]
    beta1, beta2, epsilon = 0.9, 0.999, 1e-8
    loss = float('nan')
    for step in range(args.steps + 1):
        X = W @ C.T
        loss = float(np.sum(weight.astype(np.float64) * softplus(X.astype(np.float64))) - np.sum(positive.astype(np.float64) * X))
        if step == args.steps:
            break
        G = weight / (1 + np.exp(-X)) - positive
        gradients = [G @ C, G.T @ W]
        t = step + 1
        for index, (table, gradient) in enumerate(zip((W, C), gradients)):
            first, second = moments[2 * index], moments[2 * index + 1]
            first *= beta1
            first += (1 - beta1) * gradient
            second *= beta2
            second += (1 - beta2) * gradient * gradient
            table -= args.lr * (first / (1 - beta1 ** t)) / (np.sqrt(second / (1 - beta2 ** t)) + epsilon)
    train_seconds = time.perf_counter() - started

    with open(args.out, 'w', encoding='utf-8') as handle:
        handle.write(f'{V} {d}\n')
        for word, row in zip(words, W):
            handle.write(word + ' ' + ' '.join(f'{value:.6f}' for value in row) + '\n')
    flops = 3 * 2 * V * V * d * (args.steps + 1)
    print(json.dumps({'words': V, 'final_loss': loss, 'count_seconds': count_seconds, 'train_seconds': train_seconds, 'gflops_per_second': flops / train_seconds / 1e9}))


if __name__ == '__main__':
    main()
