;; GloVe's per-cell AdaGrad (stanfordnlp/GloVe, src/glove.c, glove_thread) over one thread's range of
;; the shuffled non-zero cells. The vector and accumulator tables are float32 (f32x4 SIMD over the
;; dimensions): the kernel is bound by memory traffic (each update reads and writes 4 rows at random),
;; and float32 halves it; biases and their accumulators stay float64, and the cost is summed in float64.
;; src/engine/models/glove/train-glove-wasm.ts lays the memory out and runs one call per worker thread
;; per chunk (Hogwild: threads update the shared tables without locks, as glove.c's pthreads do);
;; src/engine/compute/reference/glove-epoch.ts is the same algorithm in plain TypeScript, rounding the
;; vector tables to float32 as this kernel stores them.
;;
;; Per cell (row i, column j, log N_ij, weight f(N_ij)):
;;   diff = w_i . c_j + b_i + bc_j - log N_ij;  fdiff = f * diff;  skipped when diff or fdiff is not finite
;;   cost += 0.5 * fdiff * diff
;;   per dimension: t1 = clip(fdiff * c_j) * eta, t2 = clip(fdiff * w_i) * eta (both from the old values),
;;                  w_i -= t1 / sqrt(G_w), c_j -= t2 / sqrt(G_c), G_w += t1^2, G_c += t2^2
;;   biases: b -= fdiff / sqrt(G_b), G_b += fdiff^2 (no eta, as glove.c)
;; glove.c computes the vector updates first and skips them when their sum is not finite; with finite
;; fdiff and clipped gradients over accumulators >= 1 they always are, so here they are applied at once.
;;
;; Tables (byte offsets; rows of `stride` f32, d rounded up to a multiple of 4, padding zero): vectors
;; 2V rows (words then contexts), their accumulators 2V rows, biases f64[2V], bias accumulators f64[2V].
;; Cells: rows u32[n], columns u32[n], logCounts f64[n], weights f64[n].
;; Comments stay ASCII (wabt's parser, fed from JavaScript).
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $finite (param $x f64) (result i32)
    (f64.eq (f64.sub (local.get $x) (local.get $x)) (f64.const 0)))

  ;; Cells [start, end). Writes the summed cost (f64) at costOut.
  (func (export "train")
    (param $vectors i32) (param $squares i32) (param $biases i32) (param $biasSquares i32)
    (param $rows i32) (param $columns i32) (param $logCounts i32) (param $weights i32)
    (param $start i32) (param $end i32) (param $V i32) (param $stride i32)
    (param $eta f64) (param $clip f64) (param $costOut i32)
    (local $cell i32) (local $rowBytes i32) (local $word i32) (local $context i32)
    (local $l1 i32) (local $l2 i32) (local $g1 i32) (local $g2 i32) (local $b i32)
    (local $sum v128) (local $diff f64) (local $fdiff f64) (local $cost f64)
    (local $fv v128) (local $etav v128) (local $low v128) (local $high v128)
    (local $w1 v128) (local $w2 v128) (local $t1 v128) (local $t2 v128) (local $q1 v128) (local $q2 v128)
    (local $offset i32) (local $bias1 i32) (local $bias2 i32)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (local.set $etav (f32x4.splat (f32.demote_f64 (local.get $eta))))
    (local.set $high (f32x4.splat (f32.demote_f64 (local.get $clip))))
    (local.set $low (f32x4.neg (local.get $high)))
    (local.set $cell (local.get $start))
    (block $done
      (loop $cells
        (br_if $done (i32.ge_u (local.get $cell) (local.get $end)))
        (local.set $word (i32.load (i32.add (local.get $rows) (i32.shl (local.get $cell) (i32.const 2)))))
        (local.set $context (i32.add (local.get $V)
          (i32.load (i32.add (local.get $columns) (i32.shl (local.get $cell) (i32.const 2))))))
        (local.set $l1 (i32.add (local.get $vectors) (i32.mul (local.get $word) (local.get $rowBytes))))
        (local.set $l2 (i32.add (local.get $vectors) (i32.mul (local.get $context) (local.get $rowBytes))))
        ;; w . c in four f32 lanes.
        (local.set $sum (v128.const f32x4 0 0 0 0))
        (local.set $offset (i32.const 0))
        (block $dotted
          (loop $dot
            (br_if $dotted (i32.ge_u (local.get $offset) (local.get $rowBytes)))
            (local.set $sum (f32x4.add (local.get $sum)
              (f32x4.mul (v128.load (i32.add (local.get $l1) (local.get $offset)))
                         (v128.load (i32.add (local.get $l2) (local.get $offset))))))
            (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
            (br $dot)))
        (local.set $bias1 (i32.add (local.get $biases) (i32.shl (local.get $word) (i32.const 3))))
        (local.set $bias2 (i32.add (local.get $biases) (i32.shl (local.get $context) (i32.const 3))))
        (local.set $diff
          (f64.sub
            (f64.add
              (f64.promote_f32 (f32.add
                (f32.add (f32x4.extract_lane 0 (local.get $sum)) (f32x4.extract_lane 1 (local.get $sum)))
                (f32.add (f32x4.extract_lane 2 (local.get $sum)) (f32x4.extract_lane 3 (local.get $sum)))))
              (f64.add (f64.load (local.get $bias1)) (f64.load (local.get $bias2))))
            (f64.load (i32.add (local.get $logCounts) (i32.shl (local.get $cell) (i32.const 3))))))
        (local.set $fdiff (f64.mul (local.get $diff)
          (f64.load (i32.add (local.get $weights) (i32.shl (local.get $cell) (i32.const 3))))))
        (if (i32.and (call $finite (local.get $diff)) (call $finite (local.get $fdiff)))
          (then
            (local.set $cost (f64.add (local.get $cost) (f64.mul (f64.const 0.5) (f64.mul (local.get $fdiff) (local.get $diff)))))
            (local.set $fv (f32x4.splat (f32.demote_f64 (local.get $fdiff))))
            (local.set $g1 (i32.add (local.get $squares) (i32.mul (local.get $word) (local.get $rowBytes))))
            (local.set $g2 (i32.add (local.get $squares) (i32.mul (local.get $context) (local.get $rowBytes))))
            (local.set $offset (i32.const 0))
            (block $updated
              (loop $update
                (br_if $updated (i32.ge_u (local.get $offset) (local.get $rowBytes)))
                (local.set $w1 (v128.load (i32.add (local.get $l1) (local.get $offset))))
                (local.set $w2 (v128.load (i32.add (local.get $l2) (local.get $offset))))
                (local.set $t1 (f32x4.mul (f32x4.min (f32x4.max (f32x4.mul (local.get $fv) (local.get $w2)) (local.get $low)) (local.get $high)) (local.get $etav)))
                (local.set $t2 (f32x4.mul (f32x4.min (f32x4.max (f32x4.mul (local.get $fv) (local.get $w1)) (local.get $low)) (local.get $high)) (local.get $etav)))
                (local.set $q1 (v128.load (i32.add (local.get $g1) (local.get $offset))))
                (local.set $q2 (v128.load (i32.add (local.get $g2) (local.get $offset))))
                (v128.store (i32.add (local.get $l1) (local.get $offset))
                  (f32x4.sub (local.get $w1) (f32x4.div (local.get $t1) (f32x4.sqrt (local.get $q1)))))
                (v128.store (i32.add (local.get $l2) (local.get $offset))
                  (f32x4.sub (local.get $w2) (f32x4.div (local.get $t2) (f32x4.sqrt (local.get $q2)))))
                (v128.store (i32.add (local.get $g1) (local.get $offset))
                  (f32x4.add (local.get $q1) (f32x4.mul (local.get $t1) (local.get $t1))))
                (v128.store (i32.add (local.get $g2) (local.get $offset))
                  (f32x4.add (local.get $q2) (f32x4.mul (local.get $t2) (local.get $t2))))
                (local.set $offset (i32.add (local.get $offset) (i32.const 16)))
                (br $update)))
            ;; Biases: no eta.
            (local.set $b (i32.add (local.get $biasSquares) (i32.shl (local.get $word) (i32.const 3))))
            (f64.store (local.get $bias1) (f64.sub (f64.load (local.get $bias1)) (f64.div (local.get $fdiff) (f64.sqrt (f64.load (local.get $b))))))
            (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (f64.mul (local.get $fdiff) (local.get $fdiff))))
            (local.set $b (i32.add (local.get $biasSquares) (i32.shl (local.get $context) (i32.const 3))))
            (f64.store (local.get $bias2) (f64.sub (f64.load (local.get $bias2)) (f64.div (local.get $fdiff) (f64.sqrt (f64.load (local.get $b))))))
            (f64.store (local.get $b) (f64.add (f64.load (local.get $b)) (f64.mul (local.get $fdiff) (local.get $fdiff))))))
        (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
        (br $cells)))
    (f64.store (local.get $costOut) (local.get $cost)))
)
