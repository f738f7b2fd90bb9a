;; Skip-gram with negative sampling (SGNS) exactly as word2vec.c trains it, one thread's slice of the
;; corpus per call, for one epoch. src/engine/models/sgns/train-sgns.ts lays the memory out and runs one
;; call per worker thread; src/engine/models/sgns/reference-sgns.ts is the same algorithm in plain
;; TypeScript with the same operation order, so that one thread gives the same bits as the reference.
;; The byte offsets of the blocks below are kept in src/engine/models/sgns/layout.ts.
;;
;; Control block (shared by all threads):
;;   0 cancel flag (i32, atomic)          4 words read this epoch (u32, atomic, all threads)
;;   8 V   12 stride (floats per row, d rounded up to a multiple of 4)   16 window L
;;  20 dynamic window (0/1)   24 k (negatives)   28 words per chunk   32 max sentence length
;;  36 subsampling on (0/1)   40 W   44 C   48 corpus ids   52 noise thresholds (u32[V])
;;  56 noise aliases (i32[V])   60 keep thresholds (u32[V])
;;  64 alpha0 (f64)   72 alpha_min (f64)   80 words read before this epoch (f64)   88 words in all epochs (f64)
;; Thread block (64 bytes per thread):
;;   0 slice start   4 slice end (indices into the ids)   8..20 xoshiro128** state s0..s3
;;  24 neu1e scratch (stride floats)   28 sentence buffer (max sentence length i32)
;;  32 sequence number (i32, atomic; odd while the sums below are being written)   36 status (1 = cancelled)
;;  40 loss sum (f64)   48 pairs (f64)   56 negatives skipped (f64)
;;
;; Semantics (word2vec.c, TrainModelThread, skip-gram + negative sampling):
;; - Ids: >= 0 a word, -1 an out-of-vocabulary token (dropped before windowing, not counted), -2 the
;;   end of a sentence. A sentence also ends after `max sentence length` kept words (word2vec's 1000).
;; - Every word read counts towards the learning-rate schedule, subsampled or not. Subsampling draws
;;   one number per word: kept when draw <= keep threshold (u32), before windowing ("dirty").
;; - The learning rate is recomputed only between chunks (after more than `words per chunk` words
;;   read, at a sentence boundary) from the words all threads have read (the atomic counter), as
;;   word2vec.c does every 10 k words: alpha = alpha0 - (alpha0 - alpha_min) * (processed / total),
;;   floored at alpha_min.
;; - For each centre position p: b = floor(draw * L / 2^32) (0 for a fixed window), L' = L - b; for
;;   every context position c != p within L' in the sentence, the context's W row is the input, the
;;   centre word the positive target, and k noise words the negatives (a negative equal to the centre
;;   word is skipped, not redrawn).
;; - Per target: f = W[ctx] . C[target] (f32x4, four vector accumulators), g = (label - sigma(f)) *
;;   alpha with the exact sigmoid (no table, no clipping at |f| = 6), neu1e += g * C[target],
;;   C[target] += g * W[ctx]; after all targets W[ctx] += neu1e. The loss -log sigma(+-f) is summed
;;   in f64.
;; - Noise: Vose alias table over counts^exponent: i = floor(draw * V / 2^32), then i if
;;   draw' < threshold[i], else alias[i].
;;
;; Comments stay ASCII: wabt's parser, fed from JavaScript, read a line holding U+230A as two lines.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; xoshiro128** state. Globals belong to one instance, and each worker thread has its own instance.
  (global $s0 (mut i32) (i32.const 0))
  (global $s1 (mut i32) (i32.const 0))
  (global $s2 (mut i32) (i32.const 0))
  (global $s3 (mut i32) (i32.const 0))

  (func $loadRandom (param $thread i32)
    (global.set $s0 (i32.load offset=8 (local.get $thread)))
    (global.set $s1 (i32.load offset=12 (local.get $thread)))
    (global.set $s2 (i32.load offset=16 (local.get $thread)))
    (global.set $s3 (i32.load offset=20 (local.get $thread))))

  (func $storeRandom (param $thread i32)
    (i32.store offset=8 (local.get $thread) (global.get $s0))
    (i32.store offset=12 (local.get $thread) (global.get $s1))
    (i32.store offset=16 (local.get $thread) (global.get $s2))
    (i32.store offset=20 (local.get $thread) (global.get $s3)))

  ;; xoshiro128** (Blackman & Vigna): the same stream as src/engine/random/xoshiro128.ts.
  (func $next (result i32)
    (local $result i32) (local $t i32)
    (local.set $result
      (i32.mul (i32.rotl (i32.mul (global.get $s1) (i32.const 5)) (i32.const 7)) (i32.const 9)))
    (local.set $t (i32.shl (global.get $s1) (i32.const 9)))
    (global.set $s2 (i32.xor (global.get $s2) (global.get $s0)))
    (global.set $s3 (i32.xor (global.get $s3) (global.get $s1)))
    (global.set $s1 (i32.xor (global.get $s1) (global.get $s2)))
    (global.set $s0 (i32.xor (global.get $s0) (global.get $s3)))
    (global.set $s2 (i32.xor (global.get $s2) (local.get $t)))
    (global.set $s3 (i32.rotl (global.get $s3) (i32.const 11)))
    (local.get $result))

  ;; floor(draw * n / 2^32): uniform on [0, n) without a division.
  (func $below (param $n i32) (result i32)
    (i32.wrap_i64
      (i64.shr_u
        (i64.mul (i64.extend_i32_u (call $next)) (i64.extend_i32_u (local.get $n)))
        (i64.const 32))))

  ;; A noise word: Vose alias draw.
  (func $noise (param $V i32) (param $thresholds i32) (param $aliases i32) (result i32)
    (local $i i32) (local $offset i32)
    (local.set $i (call $below (local.get $V)))
    (local.set $offset (i32.shl (local.get $i) (i32.const 2)))
    (select
      (local.get $i)
      (i32.load (i32.add (local.get $aliases) (local.get $offset)))
      (i32.lt_u (call $next) (i32.load (i32.add (local.get $thresholds) (local.get $offset))))))

  ;; e^x for x <= 0 (0 below -708): x = k*ln2 + r, |r| <= ln2/2, e^r by its Taylor polynomial to r^11
  ;; (relative error < 3e-13) in Estrin's form (short dependency chains), times 2^k built from its bits.
  ;; WebAssembly has no exp instruction.
  (func $expNegative (param $x f64) (result f64)
    (local $k f64) (local $r f64) (local $r2 f64) (local $r4 f64)
    (if (f64.lt (local.get $x) (f64.const -708)) (then (return (f64.const 0))))
    (local.set $k (f64.floor (f64.add (f64.mul (local.get $x) (f64.const 1.4426950408889634)) (f64.const 0.5))))
    (local.set $r
      (f64.sub
        (f64.sub (local.get $x) (f64.mul (local.get $k) (f64.const 0.6931471803691238)))
        (f64.mul (local.get $k) (f64.const 1.9082149292705877e-10))))
    (local.set $r2 (f64.mul (local.get $r) (local.get $r)))
    (local.set $r4 (f64.mul (local.get $r2) (local.get $r2)))
    ;; ((c0 + c1 r) + (c2 + c3 r) r2) + ((c4 + c5 r) + (c6 + c7 r) r2) r4 + ((c8 + c9 r) + (c10 + c11 r) r2) r4 r4
    (f64.mul
      (f64.add
        (f64.add
          (f64.add
            (f64.add (f64.const 1) (local.get $r))
            (f64.mul (f64.add (f64.const 0.5) (f64.mul (f64.const 0.16666666666666666) (local.get $r))) (local.get $r2)))
          (f64.mul
            (f64.add
              (f64.add (f64.const 0.041666666666666664) (f64.mul (f64.const 0.008333333333333333) (local.get $r)))
              (f64.mul (f64.add (f64.const 0.001388888888888889) (f64.mul (f64.const 0.0001984126984126984) (local.get $r))) (local.get $r2)))
            (local.get $r4)))
        (f64.mul
          (f64.add
            (f64.add (f64.const 0.0000248015873015873) (f64.mul (f64.const 0.0000027557319223985893) (local.get $r)))
            (f64.mul (f64.add (f64.const 2.755731922398589e-7) (f64.mul (f64.const 2.505210838544172e-8) (local.get $r))) (local.get $r2)))
          (f64.mul (local.get $r4) (local.get $r4))))
      (f64.reinterpret_i64
        (i64.shl (i64.extend_i32_s (i32.add (i32.trunc_f64_s (local.get $k)) (i32.const 1023))) (i64.const 52)))))

  ;; ln(1 + e) for e in [0, 1]: 2*atanh(s) = 2s(1 + t/3 + t^2/5 + ... + t^12/25) with s = e/(2 + e) <= 1/3,
  ;; t = s^2 <= 1/9 (error < 1e-13), in Estrin's form.
  (func $log1pUnit (param $e f64) (result f64)
    (local $s f64) (local $t f64) (local $t2 f64) (local $t4 f64)
    (local.set $s (f64.div (local.get $e) (f64.add (f64.const 2) (local.get $e))))
    (local.set $t (f64.mul (local.get $s) (local.get $s)))
    (local.set $t2 (f64.mul (local.get $t) (local.get $t)))
    (local.set $t4 (f64.mul (local.get $t2) (local.get $t2)))
    ;; ((d0 + d1 t) + (d2 + d3 t) t2) + ((d4 + d5 t) + (d6 + d7 t) t2) t4
    ;;   + (((d8 + d9 t) + (d10 + d11 t) t2) + d12 t4) t4 t4
    (f64.mul
      (f64.mul (f64.const 2) (local.get $s))
      (f64.add
        (f64.add
          (f64.add
            (f64.add (f64.const 1) (f64.mul (f64.const 0.3333333333333333) (local.get $t)))
            (f64.mul (f64.add (f64.const 0.2) (f64.mul (f64.const 0.14285714285714285) (local.get $t))) (local.get $t2)))
          (f64.mul
            (f64.add
              (f64.add (f64.const 0.1111111111111111) (f64.mul (f64.const 0.09090909090909091) (local.get $t)))
              (f64.mul (f64.add (f64.const 0.07692307692307693) (f64.mul (f64.const 0.06666666666666667) (local.get $t))) (local.get $t2)))
            (local.get $t4)))
        (f64.mul
          (f64.add
            (f64.add
              (f64.add (f64.const 0.058823529411764705) (f64.mul (f64.const 0.05263157894736842) (local.get $t)))
              (f64.mul (f64.add (f64.const 0.047619047619047616) (f64.mul (f64.const 0.043478260869565216) (local.get $t))) (local.get $t2)))
            (f64.mul (f64.const 0.04) (local.get $t4)))
          (f64.mul (local.get $t4) (local.get $t4))))))

  ;; a*b over `vectors` f32x4 vectors: vector v goes to accumulator v mod 4, then
  ;; (acc0 + acc1) + (acc2 + acc3) lane-wise, then (lane0 + lane1) + (lane2 + lane3).
  (func $dot (param $a i32) (param $b i32) (param $vectors i32) (result f32)
    (local $end i32) (local $rest i32)
    (local $acc0 v128) (local $acc1 v128) (local $acc2 v128) (local $acc3 v128)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $vectors) (i32.const -4)) (i32.const 4))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $acc0 (f32x4.add (local.get $acc0)
          (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $acc1 (f32x4.add (local.get $acc1)
          (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $acc2 (f32x4.add (local.get $acc2)
          (f32x4.mul (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b)))))
        (local.set $acc3 (f32x4.add (local.get $acc3)
          (f32x4.mul (v128.load offset=48 (local.get $a)) (v128.load offset=48 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 64)))
        (local.set $b (i32.add (local.get $b) (i32.const 64)))
        (br $step)))
    (local.set $rest (i32.and (local.get $vectors) (i32.const 3)))
    (if (i32.ge_u (local.get $rest) (i32.const 1))
      (then (local.set $acc0 (f32x4.add (local.get $acc0)
        (f32x4.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))))
    (if (i32.ge_u (local.get $rest) (i32.const 2))
      (then (local.set $acc1 (f32x4.add (local.get $acc1)
        (f32x4.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))))
    (if (i32.ge_u (local.get $rest) (i32.const 3))
      (then (local.set $acc2 (f32x4.add (local.get $acc2)
        (f32x4.mul (v128.load offset=32 (local.get $a)) (v128.load offset=32 (local.get $b)))))))
    (local.set $acc0 (f32x4.add (f32x4.add (local.get $acc0) (local.get $acc1)) (f32x4.add (local.get $acc2) (local.get $acc3))))
    (f32.add
      (f32.add (f32x4.extract_lane 0 (local.get $acc0)) (f32x4.extract_lane 1 (local.get $acc0)))
      (f32.add (f32x4.extract_lane 2 (local.get $acc0)) (f32x4.extract_lane 3 (local.get $acc0)))))

  ;; neu1e += g*c, then c += g*w (c read before it is written), two vectors per step.
  (func $update (param $neu1e i32) (param $c i32) (param $w i32) (param $vectors i32) (param $g f32)
    (local $end i32) (local $gs v128) (local $c0 v128) (local $c1 v128)
    (local.set $gs (f32x4.splat (local.get $g)))
    (local.set $end (i32.add (local.get $c) (i32.shl (i32.and (local.get $vectors) (i32.const -2)) (i32.const 4))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $c) (local.get $end)))
        (local.set $c0 (v128.load (local.get $c)))
        (local.set $c1 (v128.load offset=16 (local.get $c)))
        (v128.store (local.get $neu1e)
          (f32x4.add (v128.load (local.get $neu1e)) (f32x4.mul (local.get $gs) (local.get $c0))))
        (v128.store offset=16 (local.get $neu1e)
          (f32x4.add (v128.load offset=16 (local.get $neu1e)) (f32x4.mul (local.get $gs) (local.get $c1))))
        (v128.store (local.get $c)
          (f32x4.add (local.get $c0) (f32x4.mul (local.get $gs) (v128.load (local.get $w)))))
        (v128.store offset=16 (local.get $c)
          (f32x4.add (local.get $c1) (f32x4.mul (local.get $gs) (v128.load offset=16 (local.get $w)))))
        (local.set $neu1e (i32.add (local.get $neu1e) (i32.const 32)))
        (local.set $c (i32.add (local.get $c) (i32.const 32)))
        (local.set $w (i32.add (local.get $w) (i32.const 32)))
        (br $step)))
    (if (i32.and (local.get $vectors) (i32.const 1))
      (then
        (local.set $c0 (v128.load (local.get $c)))
        (v128.store (local.get $neu1e)
          (f32x4.add (v128.load (local.get $neu1e)) (f32x4.mul (local.get $gs) (local.get $c0))))
        (v128.store (local.get $c)
          (f32x4.add (local.get $c0) (f32x4.mul (local.get $gs) (v128.load (local.get $w))))))))

  ;; One target of one pair: returns its loss -log sigma(f) (label 1) or -log sigma(-f) (label 0).
  ;; sigma from e = exp(-|f|) without cancellation: for f >= 0, sigma(f) = 1/(1+e) and 1 - sigma(f) = e/(1+e).
  (func $target (param $w i32) (param $c i32) (param $neu1e i32) (param $vectors i32)
                (param $label i32) (param $alpha f64) (result f64)
    (local $f f64) (local $e f64) (local $q f64) (local $small f64) (local $coefficient f64) (local $loss f64)
    (local.set $f (f64.promote_f32 (call $dot (local.get $w) (local.get $c) (local.get $vectors))))
    (local.set $e (call $expNegative (f64.neg (f64.abs (local.get $f)))))
    (local.set $q (f64.div (f64.const 1) (f64.add (f64.const 1) (local.get $e))))
    (local.set $small (f64.mul (local.get $e) (local.get $q)))
    (if (local.get $label)
      (then
        ;; 1 - sigma(f)
        (local.set $coefficient
          (select (local.get $small) (local.get $q) (f64.ge (local.get $f) (f64.const 0))))
        (local.set $loss
          (f64.add (f64.max (f64.neg (local.get $f)) (f64.const 0)) (call $log1pUnit (local.get $e)))))
      (else
        ;; 0 - sigma(f)
        (local.set $coefficient
          (f64.neg (select (local.get $q) (local.get $small) (f64.ge (local.get $f) (f64.const 0)))))
        (local.set $loss
          (f64.add (f64.max (local.get $f) (f64.const 0)) (call $log1pUnit (local.get $e))))))
    (call $update (local.get $neu1e) (local.get $c) (local.get $w) (local.get $vectors)
      (f32.demote_f64 (f64.mul (local.get $coefficient) (local.get $alpha))))
    (local.get $loss))

  ;; Trains this thread's slice for one epoch. Returns 0 when the slice is done, 1 when the cancel
  ;; flag stopped it (checked between chunks).
  (func (export "train") (param $control i32) (param $thread i32) (result i32)
    (local $V i32) (local $stride i32) (local $vectors i32) (local $window i32) (local $dynamic i32)
    (local $k i32) (local $chunkWords i32) (local $maxSentence i32) (local $subsample i32)
    (local $W i32) (local $C i32) (local $ids i32) (local $thresholds i32) (local $aliases i32) (local $keep i32)
    (local $alpha0 f64) (local $alphaMin f64) (local $wordsBefore f64) (local $totalWords f64) (local $alpha f64)
    (local $pos i32) (local $end i32) (local $neu1e i32) (local $sentence i32) (local $status i32)
    (local $wordsRead i32) (local $chunkLoss f64) (local $chunkPairs i32) (local $chunkSkipped i32)
    (local $id i32) (local $length i32) (local $p i32) (local $centre i32) (local $centreRow i32)
    (local $span i32) (local $c i32) (local $hi i32) (local $w i32) (local $i i32) (local $negative i32)
    (local $rowBytes i32)

    (local.set $V (i32.load offset=8 (local.get $control)))
    (local.set $stride (i32.load offset=12 (local.get $control)))
    (local.set $vectors (i32.shr_u (local.get $stride) (i32.const 2)))
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $window (i32.load offset=16 (local.get $control)))
    (local.set $dynamic (i32.load offset=20 (local.get $control)))
    (local.set $k (i32.load offset=24 (local.get $control)))
    (local.set $chunkWords (i32.load offset=28 (local.get $control)))
    (local.set $maxSentence (i32.load offset=32 (local.get $control)))
    (local.set $subsample (i32.load offset=36 (local.get $control)))
    (local.set $W (i32.load offset=40 (local.get $control)))
    (local.set $C (i32.load offset=44 (local.get $control)))
    (local.set $ids (i32.load offset=48 (local.get $control)))
    (local.set $thresholds (i32.load offset=52 (local.get $control)))
    (local.set $aliases (i32.load offset=56 (local.get $control)))
    (local.set $keep (i32.load offset=60 (local.get $control)))
    (local.set $alpha0 (f64.load offset=64 (local.get $control)))
    (local.set $alphaMin (f64.load offset=72 (local.get $control)))
    (local.set $wordsBefore (f64.load offset=80 (local.get $control)))
    (local.set $totalWords (f64.load offset=88 (local.get $control)))
    (local.set $pos (i32.load offset=0 (local.get $thread)))
    (local.set $end (i32.load offset=4 (local.get $thread)))
    (local.set $neu1e (i32.load offset=24 (local.get $thread)))
    (local.set $sentence (i32.load offset=28 (local.get $thread)))
    (call $loadRandom (local.get $thread))

    (block $finish
      (loop $chunk
        (if (i32.atomic.load (local.get $control))
          (then (local.set $status (i32.const 1)) (br $finish)))
        (br_if $finish (i32.ge_u (local.get $pos) (local.get $end)))
        (local.set $alpha
          (f64.sub (local.get $alpha0)
            (f64.mul (f64.sub (local.get $alpha0) (local.get $alphaMin))
              (f64.div
                (f64.add (local.get $wordsBefore) (f64.convert_i32_u (i32.atomic.load offset=4 (local.get $control))))
                (local.get $totalWords)))))
        (if (f64.lt (local.get $alpha) (local.get $alphaMin)) (then (local.set $alpha (local.get $alphaMin))))
        (local.set $wordsRead (i32.const 0))
        (local.set $chunkLoss (f64.const 0))
        (local.set $chunkPairs (i32.const 0))
        (local.set $chunkSkipped (i32.const 0))

        (block $chunkDone
          (loop $sentences
            (br_if $chunkDone (i32.gt_u (local.get $wordsRead) (local.get $chunkWords)))
            (br_if $chunkDone (i32.ge_u (local.get $pos) (local.get $end)))

            ;; Read one sentence of kept words.
            (local.set $length (i32.const 0))
            (block $read
              (loop $reading
                (br_if $read (i32.ge_u (local.get $pos) (local.get $end)))
                (local.set $id (i32.load (i32.add (local.get $ids) (i32.shl (local.get $pos) (i32.const 2)))))
                (local.set $pos (i32.add (local.get $pos) (i32.const 1)))
                (br_if $read (i32.eq (local.get $id) (i32.const -2)))
                (br_if $reading (i32.lt_s (local.get $id) (i32.const 0)))
                (local.set $wordsRead (i32.add (local.get $wordsRead) (i32.const 1)))
                (if (local.get $subsample)
                  (then
                    (br_if $reading
                      (i32.gt_u (call $next)
                        (i32.load (i32.add (local.get $keep) (i32.shl (local.get $id) (i32.const 2))))))))
                (i32.store (i32.add (local.get $sentence) (i32.shl (local.get $length) (i32.const 2))) (local.get $id))
                (local.set $length (i32.add (local.get $length) (i32.const 1)))
                (br_if $reading (i32.lt_u (local.get $length) (local.get $maxSentence)))))

            ;; Train on every position of the sentence.
            (local.set $p (i32.const 0))
            (block $sentenceDone
              (loop $positions
                (br_if $sentenceDone (i32.ge_u (local.get $p) (local.get $length)))
                (local.set $centre (i32.load (i32.add (local.get $sentence) (i32.shl (local.get $p) (i32.const 2)))))
                (local.set $centreRow (i32.add (local.get $C) (i32.mul (local.get $centre) (local.get $rowBytes))))
                (local.set $span (local.get $window))
                (if (local.get $dynamic)
                  (then (local.set $span (i32.sub (local.get $window) (call $below (local.get $window))))))
                (local.set $c (i32.sub (local.get $p) (local.get $span)))
                (if (i32.lt_s (local.get $c) (i32.const 0)) (then (local.set $c (i32.const 0))))
                (local.set $hi (i32.add (local.get $p) (local.get $span)))
                (if (i32.ge_s (local.get $hi) (local.get $length))
                  (then (local.set $hi (i32.sub (local.get $length) (i32.const 1)))))
                (block $contextsDone
                  (loop $contexts
                    (br_if $contextsDone (i32.gt_s (local.get $c) (local.get $hi)))
                    (if (i32.ne (local.get $c) (local.get $p))
                      (then
                        (local.set $w
                          (i32.add (local.get $W)
                            (i32.mul
                              (i32.load (i32.add (local.get $sentence) (i32.shl (local.get $c) (i32.const 2))))
                              (local.get $rowBytes))))
                        ;; neu1e = 0
                        (local.set $i (i32.const 0))
                        (block $zeroed
                          (loop $zeroing
                            (br_if $zeroed (i32.ge_u (local.get $i) (local.get $rowBytes)))
                            (v128.store (i32.add (local.get $neu1e) (local.get $i)) (v128.const i32x4 0 0 0 0))
                            (local.set $i (i32.add (local.get $i) (i32.const 16)))
                            (br $zeroing)))
                        ;; The centre word (label 1), then k negatives (label 0).
                        (local.set $chunkLoss (f64.add (local.get $chunkLoss)
                          (call $target (local.get $w) (local.get $centreRow) (local.get $neu1e) (local.get $vectors)
                            (i32.const 1) (local.get $alpha))))
                        (local.set $i (i32.const 0))
                        (block $negativesDone
                          (loop $negatives
                            (br_if $negativesDone (i32.ge_u (local.get $i) (local.get $k)))
                            (local.set $i (i32.add (local.get $i) (i32.const 1)))
                            (local.set $negative (call $noise (local.get $V) (local.get $thresholds) (local.get $aliases)))
                            (if (i32.eq (local.get $negative) (local.get $centre))
                              (then
                                (local.set $chunkSkipped (i32.add (local.get $chunkSkipped) (i32.const 1)))
                                (br $negatives)))
                            (local.set $chunkLoss (f64.add (local.get $chunkLoss)
                              (call $target (local.get $w)
                                (i32.add (local.get $C) (i32.mul (local.get $negative) (local.get $rowBytes)))
                                (local.get $neu1e) (local.get $vectors) (i32.const 0) (local.get $alpha))))
                            (br $negatives)))
                        ;; W[ctx] += neu1e
                        (local.set $i (i32.const 0))
                        (block $added
                          (loop $adding
                            (br_if $added (i32.ge_u (local.get $i) (local.get $rowBytes)))
                            (v128.store (i32.add (local.get $w) (local.get $i))
                              (f32x4.add
                                (v128.load (i32.add (local.get $w) (local.get $i)))
                                (v128.load (i32.add (local.get $neu1e) (local.get $i)))))
                            (local.set $i (i32.add (local.get $i) (i32.const 16)))
                            (br $adding)))
                        (local.set $chunkPairs (i32.add (local.get $chunkPairs) (i32.const 1)))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $contexts)))
                (local.set $p (i32.add (local.get $p) (i32.const 1)))
                (br $positions)))
            (br $sentences)))

        ;; Publish the chunk: the shared word counter, then this thread's sums under its sequence number.
        (drop (i32.atomic.rmw.add offset=4 (local.get $control) (local.get $wordsRead)))
        (drop (i32.atomic.rmw.add offset=32 (local.get $thread) (i32.const 1)))
        (f64.store offset=40 (local.get $thread)
          (f64.add (f64.load offset=40 (local.get $thread)) (local.get $chunkLoss)))
        (f64.store offset=48 (local.get $thread)
          (f64.add (f64.load offset=48 (local.get $thread)) (f64.convert_i32_u (local.get $chunkPairs))))
        (f64.store offset=56 (local.get $thread)
          (f64.add (f64.load offset=56 (local.get $thread)) (f64.convert_i32_u (local.get $chunkSkipped))))
        (drop (i32.atomic.rmw.add offset=32 (local.get $thread) (i32.const 1)))
        (br $chunk)))

    (i32.store offset=36 (local.get $thread) (local.get $status))
    (call $storeRandom (local.get $thread))
    (local.get $status))

  ;; For tests: `count` draws of the thread's generator into out (u32), state saved back.
  (func (export "drawUint32") (param $thread i32) (param $out i32) (param $count i32)
    (call $loadRandom (local.get $thread))
    (block $done
      (loop $draw
        (br_if $done (i32.eqz (local.get $count)))
        (i32.store (local.get $out) (call $next))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $draw)))
    (call $storeRandom (local.get $thread)))

  ;; For tests: `count` noise words drawn with the control block's table into out (i32).
  (func (export "drawNoise") (param $control i32) (param $thread i32) (param $out i32) (param $count i32)
    (call $loadRandom (local.get $thread))
    (block $done
      (loop $draw
        (br_if $done (i32.eqz (local.get $count)))
        (i32.store (local.get $out)
          (call $noise
            (i32.load offset=8 (local.get $control))
            (i32.load offset=52 (local.get $control))
            (i32.load offset=56 (local.get $control))))
        (local.set $out (i32.add (local.get $out) (i32.const 4)))
        (local.set $count (i32.sub (local.get $count) (i32.const 1)))
        (br $draw)))
    (call $storeRandom (local.get $thread)))

  ;; For tests: sigma-related helpers the reference mirrors.
  (func (export "expNegative") (param $x f64) (result f64) (call $expNegative (local.get $x)))
  (func (export "log1pUnit") (param $e f64) (result f64) (call $log1pUnit (local.get $e))))
