;; Skip-gram with negative sampling, batched per window (HogBatch: Ji et al. 2016, "Parallelizing
;; Word2Vec in Shared and Distributed Memory"), one thread's slice of the corpus per call, for one
;; epoch. src/engine/models/sgns/train-sgns.ts lays the memory out and runs one call per worker thread
;; (Hogwild across threads); src/engine/models/sgns/reference-batched-sgns.ts is the same algorithm in
;; plain TypeScript with the same operation order, so that one thread gives the same bits.
;;
;; The corpus walk (sentences, subsampling, chunks, the learning rate, the dynamic window, the noise
;; draws) is sgns.wat's; the control block and the first 64 bytes of the thread block are the same.
;; Besides (offsets in src/engine/models/sgns/layout.ts):
;;   control  96 sigmoid table (f32[2048])   100 loss table (f32[2048])
;;   thread   64 input rows (i32[2L], byte addresses of W rows)   68 output rows (i32[k+1], C rows)
;;            72 gradient coefficients (f32[(k+1)*2L])   76 input deltas (f32[2L*stride])
;;            24 is unused here; 28 is the sentence buffer.
;;
;; Per centre word at position p (B = the contexts in its window, K = 1 + the kept negatives):
;; - inputs: the W rows of the B context words; outputs: the C row of the centre word (label 1), then
;;   k noise words drawn once for the whole window (label 0; one equal to the centre word is skipped).
;; - G[i][j] = (label_i - sigma(f)) * alpha for f = C[out_i] . W[in_j] (f32x4, four accumulators, as
;;   sgns.wat's $dot), sigma from the table at bucket b = clamp(trunc_sat((f + 8) * 128), 0, 2047):
;;   label 1 reads sigmoid[2047 - b] (= 1 - sigma(f)), label 0 -sigmoid[b]; the loss -log sigma(+-f)
;;   is loss[b] or loss[2047 - b], summed in f64.
;; - dW[j] = sum_i G[i][j] * C[out_i] (private buffer, i ascending from 0), then
;;   C[out_i] += G[i][j] * W[in_j] in place for j ascending, then W[in_j] += dW[j]. Every row is read
;;   before any of the window's writes, and repeated rows simply add their updates.
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

  ;; dst += g*a over `vectors` f32x4 vectors.
  (func $axpy (param $dst i32) (param $a i32) (param $g f32) (param $vectors i32)
    (local $end i32) (local $gs v128)
    (local.set $gs (f32x4.splat (local.get $g)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $vectors) (i32.const 4))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.add (v128.load (local.get $dst)) (f32x4.mul (local.get $gs) (v128.load (local.get $a)))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (br $step))))

  ;; dst = (dst + ga*a) + gb*b: two axpy steps in one pass over dst.
  (func $axpy2 (param $dst i32) (param $a i32) (param $ga f32) (param $b i32) (param $gb f32) (param $vectors i32)
    (local $end i32) (local $gas v128) (local $gbs v128)
    (local.set $gas (f32x4.splat (local.get $ga)))
    (local.set $gbs (f32x4.splat (local.get $gb)))
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $vectors) (i32.const 4))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $dst) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.add
            (f32x4.add (v128.load (local.get $dst)) (f32x4.mul (local.get $gas) (v128.load (local.get $a))))
            (f32x4.mul (local.get $gbs) (v128.load (local.get $b)))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 16)))
        (br $step))))

  ;; One window: the B input rows and K output rows are in the thread's scratch. Returns the window's
  ;; loss (f64).
  (func $window (param $inputs i32) (param $B i32) (param $outputs i32) (param $K i32)
                (param $gradients i32) (param $deltas i32) (param $vectors i32) (param $alpha f32)
                (param $sigmoid i32) (param $lossTable i32) (result f64)
    (local $i i32) (local $j i32) (local $out i32) (local $at i32) (local $bucket i32) (local $loss f64)
    (local $rowBytes i32) (local $delta i32) (local $rowB i32) (local $gi i32)
    (local.set $rowBytes (i32.shl (local.get $vectors) (i32.const 4)))
    (local.set $rowB (i32.shl (local.get $B) (i32.const 2)))
    ;; Logits and gradient coefficients, output by output.
    (local.set $at (local.get $gradients))
    (local.set $i (i32.const 0))
    (block $outputsDone
      (loop $eachOutput
        (br_if $outputsDone (i32.ge_u (local.get $i) (local.get $K)))
        (local.set $out (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.const 0))
        (block $inputsDone
          (loop $eachInput
            (br_if $inputsDone (i32.ge_u (local.get $j) (local.get $B)))
            (local.set $bucket
              (i32.trunc_sat_f32_s
                (f32.mul
                  (f32.add
                    (call $dot (local.get $out)
                      (i32.load (i32.add (local.get $inputs) (i32.shl (local.get $j) (i32.const 2))))
                      (local.get $vectors))
                    (f32.const 8))
                  (f32.const 128))))
            (if (i32.lt_s (local.get $bucket) (i32.const 0)) (then (local.set $bucket (i32.const 0))))
            (if (i32.gt_s (local.get $bucket) (i32.const 2047)) (then (local.set $bucket (i32.const 2047))))
            (if (i32.eqz (local.get $i))
              (then
                (f32.store (local.get $at)
                  (f32.mul
                    (f32.load (i32.add (local.get $sigmoid) (i32.shl (i32.sub (i32.const 2047) (local.get $bucket)) (i32.const 2))))
                    (local.get $alpha)))
                (local.set $loss (f64.add (local.get $loss)
                  (f64.promote_f32 (f32.load (i32.add (local.get $lossTable) (i32.shl (local.get $bucket) (i32.const 2))))))))
              (else
                (f32.store (local.get $at)
                  (f32.neg (f32.mul
                    (f32.load (i32.add (local.get $sigmoid) (i32.shl (local.get $bucket) (i32.const 2))))
                    (local.get $alpha))))
                (local.set $loss (f64.add (local.get $loss)
                  (f64.promote_f32 (f32.load (i32.add (local.get $lossTable)
                    (i32.shl (i32.sub (i32.const 2047) (local.get $bucket)) (i32.const 2)))))))))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $eachInput)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $eachOutput)))

    ;; dW[j] = sum_i G[i][j] * C[out_i], two outputs per pass.
    (local.set $j (i32.const 0))
    (block $deltasDone
      (loop $eachDelta
        (br_if $deltasDone (i32.ge_u (local.get $j) (local.get $B)))
        (local.set $delta (i32.add (local.get $deltas) (i32.mul (local.get $j) (local.get $rowBytes))))
        (memory.fill (local.get $delta) (i32.const 0) (local.get $rowBytes))
        (local.set $gi (i32.add (local.get $gradients) (i32.shl (local.get $j) (i32.const 2))))
        (local.set $i (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $K)))
            (call $axpy2 (local.get $delta)
              (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $i) (i32.const 2))))
              (f32.load (local.get $gi))
              (i32.load offset=4 (i32.add (local.get $outputs) (i32.shl (local.get $i) (i32.const 2))))
              (f32.load (i32.add (local.get $gi) (local.get $rowB)))
              (local.get $vectors))
            (local.set $gi (i32.add (local.get $gi) (i32.shl (local.get $rowB) (i32.const 1))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $i) (local.get $K))
          (then
            (call $axpy (local.get $delta)
              (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $i) (i32.const 2))))
              (f32.load (local.get $gi))
              (local.get $vectors))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $eachDelta)))

    ;; C[out_i] += G[i][j] * W[in_j], two inputs per pass.
    (local.set $at (local.get $gradients))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $eachRow
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $K)))
        (local.set $out (i32.load (i32.add (local.get $outputs) (i32.shl (local.get $i) (i32.const 2)))))
        (local.set $j (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (i32.add (local.get $j) (i32.const 1)) (local.get $B)))
            (call $axpy2 (local.get $out)
              (i32.load (i32.add (local.get $inputs) (i32.shl (local.get $j) (i32.const 2))))
              (f32.load (local.get $at))
              (i32.load offset=4 (i32.add (local.get $inputs) (i32.shl (local.get $j) (i32.const 2))))
              (f32.load offset=4 (local.get $at))
              (local.get $vectors))
            (local.set $at (i32.add (local.get $at) (i32.const 8)))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $pairs)))
        (if (i32.lt_u (local.get $j) (local.get $B))
          (then
            (call $axpy (local.get $out)
              (i32.load (i32.add (local.get $inputs) (i32.shl (local.get $j) (i32.const 2))))
              (f32.load (local.get $at))
              (local.get $vectors))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $eachRow)))

    ;; W[in_j] += dW[j] (1 * x is exact).
    (local.set $j (i32.const 0))
    (block $writesDone
      (loop $eachWrite
        (br_if $writesDone (i32.ge_u (local.get $j) (local.get $B)))
        (call $axpy
          (i32.load (i32.add (local.get $inputs) (i32.shl (local.get $j) (i32.const 2))))
          (i32.add (local.get $deltas) (i32.mul (local.get $j) (local.get $rowBytes)))
          (f32.const 1)
          (local.get $vectors))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $eachWrite)))
    (local.get $loss))

  ;; Trains this thread's slice for one epoch. Returns 0 when the slice is done, 1 when the cancel
  ;; flag stopped it (checked between chunks).
  (func (export "train") (param $control i32) (param $thread i32) (result i32)
    (local $V i32) (local $stride i32) (local $vectors i32) (local $window i32) (local $dynamic i32)
    (local $k i32) (local $chunkWords i32) (local $maxSentence i32) (local $subsample i32)
    (local $W i32) (local $C i32) (local $ids i32) (local $thresholds i32) (local $aliases i32) (local $keep i32)
    (local $alpha0 f64) (local $alphaMin f64) (local $wordsBefore f64) (local $totalWords f64) (local $alpha f64)
    (local $pos i32) (local $end i32) (local $sentence i32) (local $status i32)
    (local $wordsRead i32) (local $chunkLoss f64) (local $chunkPairs i32) (local $chunkSkipped i32)
    (local $id i32) (local $length i32) (local $p i32) (local $centre i32)
    (local $span i32) (local $c i32) (local $hi i32) (local $i i32) (local $negative i32)
    (local $rowBytes i32) (local $sigmoid i32) (local $lossTable i32)
    (local $inputs i32) (local $outputs i32) (local $gradients i32) (local $deltas i32) (local $B i32) (local $K i32)

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
    (local.set $sigmoid (i32.load offset=96 (local.get $control)))
    (local.set $lossTable (i32.load offset=100 (local.get $control)))
    (local.set $pos (i32.load offset=0 (local.get $thread)))
    (local.set $end (i32.load offset=4 (local.get $thread)))
    (local.set $sentence (i32.load offset=28 (local.get $thread)))
    (local.set $inputs (i32.load offset=64 (local.get $thread)))
    (local.set $outputs (i32.load offset=68 (local.get $thread)))
    (local.set $gradients (i32.load offset=72 (local.get $thread)))
    (local.set $deltas (i32.load offset=76 (local.get $thread)))
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

            ;; One window per position of the sentence.
            (local.set $p (i32.const 0))
            (block $sentenceDone
              (loop $positions
                (br_if $sentenceDone (i32.ge_u (local.get $p) (local.get $length)))
                (local.set $centre (i32.load (i32.add (local.get $sentence) (i32.shl (local.get $p) (i32.const 2)))))
                (local.set $span (local.get $window))
                (if (local.get $dynamic)
                  (then (local.set $span (i32.sub (local.get $window) (call $below (local.get $window))))))
                (local.set $c (i32.sub (local.get $p) (local.get $span)))
                (if (i32.lt_s (local.get $c) (i32.const 0)) (then (local.set $c (i32.const 0))))
                (local.set $hi (i32.add (local.get $p) (local.get $span)))
                (if (i32.ge_s (local.get $hi) (local.get $length))
                  (then (local.set $hi (i32.sub (local.get $length) (i32.const 1)))))
                ;; The inputs: the W rows of the contexts.
                (local.set $B (i32.const 0))
                (block $contextsDone
                  (loop $contexts
                    (br_if $contextsDone (i32.gt_s (local.get $c) (local.get $hi)))
                    (if (i32.ne (local.get $c) (local.get $p))
                      (then
                        (i32.store (i32.add (local.get $inputs) (i32.shl (local.get $B) (i32.const 2)))
                          (i32.add (local.get $W)
                            (i32.mul
                              (i32.load (i32.add (local.get $sentence) (i32.shl (local.get $c) (i32.const 2))))
                              (local.get $rowBytes))))
                        (local.set $B (i32.add (local.get $B) (i32.const 1)))))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $contexts)))
                (if (local.get $B)
                  (then
                    ;; The outputs: the centre word's C row, then the window's negatives.
                    (i32.store (local.get $outputs)
                      (i32.add (local.get $C) (i32.mul (local.get $centre) (local.get $rowBytes))))
                    (local.set $K (i32.const 1))
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
                        (i32.store (i32.add (local.get $outputs) (i32.shl (local.get $K) (i32.const 2)))
                          (i32.add (local.get $C) (i32.mul (local.get $negative) (local.get $rowBytes))))
                        (local.set $K (i32.add (local.get $K) (i32.const 1)))
                        (br $negatives)))
                    (local.set $chunkLoss (f64.add (local.get $chunkLoss)
                      (call $window (local.get $inputs) (local.get $B) (local.get $outputs) (local.get $K)
                        (local.get $gradients) (local.get $deltas) (local.get $vectors)
                        (f32.demote_f64 (local.get $alpha)) (local.get $sigmoid) (local.get $lossTable))))
                    (local.set $chunkPairs (i32.add (local.get $chunkPairs) (local.get $B)))))
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
    (local.get $status)))
