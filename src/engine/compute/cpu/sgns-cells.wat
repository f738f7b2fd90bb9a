;; The dense part of one MF-SGNS tile (src/engine/compute/reference/sgns-cells.ts is the reference):
;; for rows [rowStart, rowEnd) of an m x n tile of scores x (f32, row-major), every cell's negative
;; term with weight w = negativeRows[i] * P[j]:
;;   loss += w * softplus(x),   G = w * sigmoid(x)   (written over x, in place)
;; with e = exp(-|x|): softplus(x) = max(x, 0) + log(1 + e), sigmoid = x >= 0 ? 1/(1+e) : e/(1+e).
;; The observed cells' positive terms are added by the caller (sparse, few). f32x4 lanes; exp and log
;; are polynomials (relative error about 1e-7); each vector's loss is promoted and summed in f64.
;; negativeRows: f32[m] (k * N_i); probabilities: f32[n] (P_alpha(j)); n a multiple of 4 is not
;; required: the last partial vector is done lane by lane through a 4-float scratch (scratch: 16 bytes).
;; The row's loss sums (f64) go to lossOut (one f64 per call). Comments stay ASCII.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; exp(x) for x <= 0, clamped below at -87 (where exp is below 1.7e-38 and log(1 + e) = e to f32).
  (func $exp (param $x v128) (result v128)
    (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f32x4.max (local.get $x) (v128.const f32x4 -87 -87 -87 -87)))
    ;; k = round(x / ln 2), r = x - k ln 2 in two parts (Cody-Waite).
    (local.set $k (f32x4.nearest (f32x4.mul (local.get $x) (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))))
    (local.set $r (f32x4.sub (local.get $x) (f32x4.mul (local.get $k) (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))))
    (local.set $r (f32x4.sub (local.get $r) (f32x4.mul (local.get $k) (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))))
    ;; exp(r) on [-ln2/2, ln2/2]: Taylor to degree 6 (error below 2e-7 relative).
    (local.set $p (v128.const f32x4 1.38888889e-3 1.38888889e-3 1.38888889e-3 1.38888889e-3))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 8.33333333e-3 8.33333333e-3 8.33333333e-3 8.33333333e-3)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 4.16666667e-2 4.16666667e-2 4.16666667e-2 4.16666667e-2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1.66666667e-1 1.66666667e-1 1.66666667e-1 1.66666667e-1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 0.5 0.5 0.5 0.5)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1 1 1 1)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $r)) (v128.const f32x4 1 1 1 1)))
    ;; times 2^k: add k to the exponent bits (k >= -126 after the clamp).
    (i32x4.add (local.get $p) (i32x4.shl (i32x4.trunc_sat_f32x4_s (local.get $k)) (i32.const 23))))

  ;; log(1 + e) for e in [0, 1]: u = 1 + e in [1, 2]; above sqrt 2, u/2 and + ln 2; then
  ;; log(m) = 2 atanh(s), s = (m - 1)/(m + 1) in [-0.172, 0.172], series to s^9.
  (func $log1pUnit (param $e v128) (result v128)
    (local $u v128) (local $big v128) (local $s v128) (local $s2 v128) (local $p v128)
    (local.set $u (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e)))
    (local.set $big (f32x4.gt (local.get $u) (v128.const f32x4 1.41421356 1.41421356 1.41421356 1.41421356)))
    (local.set $u (v128.bitselect (f32x4.mul (local.get $u) (v128.const f32x4 0.5 0.5 0.5 0.5)) (local.get $u) (local.get $big)))
    (local.set $s (f32x4.div (f32x4.sub (local.get $u) (v128.const f32x4 1 1 1 1)) (f32x4.add (local.get $u) (v128.const f32x4 1 1 1 1))))
    (local.set $s2 (f32x4.mul (local.get $s) (local.get $s)))
    (local.set $p (v128.const f32x4 0.11111111 0.11111111 0.11111111 0.11111111))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $s2)) (v128.const f32x4 0.14285714 0.14285714 0.14285714 0.14285714)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $s2)) (v128.const f32x4 0.2 0.2 0.2 0.2)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $s2)) (v128.const f32x4 0.33333333 0.33333333 0.33333333 0.33333333)))
    (local.set $p (f32x4.add (f32x4.mul (local.get $p) (local.get $s2)) (v128.const f32x4 1 1 1 1)))
    (f32x4.add
      (f32x4.mul (f32x4.mul (local.get $p) (local.get $s)) (v128.const f32x4 2 2 2 2))
      (v128.and (local.get $big) (v128.const f32x4 0.69314718 0.69314718 0.69314718 0.69314718))))

  ;; One vector of 4 cells at $at (scores, in place) with weights $w; returns the 4 losses.
  (func $cells4 (param $at i32) (param $w v128) (result v128)
    (local $x v128) (local $e v128) (local $inverse v128) (local $positive v128)
    (local.set $x (v128.load align=4 (local.get $at)))
    (local.set $e (call $exp (f32x4.neg (f32x4.abs (local.get $x)))))
    (local.set $inverse (f32x4.div (v128.const f32x4 1 1 1 1) (f32x4.add (v128.const f32x4 1 1 1 1) (local.get $e))))
    (local.set $positive (f32x4.ge (local.get $x) (v128.const f32x4 0 0 0 0)))
    (v128.store align=4 (local.get $at)
      (f32x4.mul (local.get $w)
        (v128.bitselect (local.get $inverse) (f32x4.mul (local.get $e) (local.get $inverse)) (local.get $positive))))
    (f32x4.mul (local.get $w)
      (f32x4.add (f32x4.max (local.get $x) (v128.const f32x4 0 0 0 0)) (call $log1pUnit (local.get $e)))))

  (func (export "cells")
    (param $scores i32) (param $n i32) (param $rowStart i32) (param $rowEnd i32)
    (param $negativeRows i32) (param $probabilities i32) (param $scratch i32) (param $lossOut i32)
    (local $row i32) (local $column i32) (local $rowAt i32) (local $full i32) (local $left i32)
    (local $rowWeight v128) (local $loss v128) (local $sum v128) (local $lane i32)
    (local.set $full (i32.and (local.get $n) (i32.const -4)))
    (local.set $row (local.get $rowStart))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
        (local.set $rowAt (i32.add (local.get $scores) (i32.shl (i32.mul (local.get $row) (local.get $n)) (i32.const 2))))
        (local.set $rowWeight (v128.load32_splat (i32.add (local.get $negativeRows) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $column (i32.const 0))
        (block $columnsDone
          (loop $columns
            (br_if $columnsDone (i32.ge_u (local.get $column) (local.get $full)))
            (local.set $loss (call $cells4
              (i32.add (local.get $rowAt) (i32.shl (local.get $column) (i32.const 2)))
              (f32x4.mul (local.get $rowWeight) (v128.load align=4 (i32.add (local.get $probabilities) (i32.shl (local.get $column) (i32.const 2)))))))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.add
              (f64x2.promote_low_f32x4 (local.get $loss))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $loss) (local.get $loss))))))
            (local.set $column (i32.add (local.get $column) (i32.const 4)))
            (br $columns)))
        ;; The last n mod 4 cells through the scratch, padded with weight 0 (loss 0).
        (local.set $left (i32.sub (local.get $n) (local.get $full)))
        (if (local.get $left)
          (then
            (v128.store align=4 (local.get $scratch) (v128.const f32x4 0 0 0 0))
            (v128.store align=4 (i32.add (local.get $scratch) (i32.const 16)) (v128.const f32x4 0 0 0 0))
            (local.set $lane (i32.const 0))
            (block $copied
              (loop $copy
                (br_if $copied (i32.ge_u (local.get $lane) (local.get $left)))
                (f32.store (i32.add (local.get $scratch) (i32.shl (local.get $lane) (i32.const 2)))
                  (f32.load (i32.add (local.get $rowAt) (i32.shl (i32.add (local.get $full) (local.get $lane)) (i32.const 2)))))
                (f32.store (i32.add (local.get $scratch) (i32.add (i32.const 16) (i32.shl (local.get $lane) (i32.const 2))))
                  (f32.load (i32.add (local.get $probabilities) (i32.shl (i32.add (local.get $full) (local.get $lane)) (i32.const 2)))))
                (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
                (br $copy)))
            (local.set $loss (call $cells4 (local.get $scratch)
              (f32x4.mul (local.get $rowWeight) (v128.load align=4 (i32.add (local.get $scratch) (i32.const 16))))))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.add
              (f64x2.promote_low_f32x4 (local.get $loss))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $loss) (local.get $loss))))))
            (local.set $lane (i32.const 0))
            (block $back
              (loop $copyBack
                (br_if $back (i32.ge_u (local.get $lane) (local.get $left)))
                (f32.store (i32.add (local.get $rowAt) (i32.shl (i32.add (local.get $full) (local.get $lane)) (i32.const 2)))
                  (f32.load (i32.add (local.get $scratch) (i32.shl (local.get $lane) (i32.const 2)))))
                (local.set $lane (i32.add (local.get $lane) (i32.const 1)))
                (br $copyBack)))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))
    (f64.store (local.get $lossOut)
      (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum)))))
)
