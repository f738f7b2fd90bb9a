;; Shifted positive PMI on the worker threads that counted N, over N's CSR in the pool's shared
;; memory (pmi/sppmi-on-pool.ts lays it out): the same arithmetic as the reference, pmi/sppmi.ts, so
;; the result is the reference's bit for bit. A cell (w, c) is kept iff
;;   N(w, c)·Σ_c' N_c'^α  >  (N_w·k)·N_c^α
;; in f64, each product rounded as the reference rounds it, and its value is
;;   f32(log1p((numerator − denominator) / denominator))
;; with log1p ported from fdlibm's s_log1p.c below, the code V8's Math.log1p runs (v8/src/base/
;; ieee754.cc, which keeps fdlibm's operations and their order): WebAssembly's f64 arithmetic is
;; IEEE 754 round-to-nearest with no fused multiply-add, so the port returns what Math.log1p
;; returns, bit for bit, wherever V8's build does not contract a·b + c into one rounding.
;;
;; Two passes over a range of rows, each thread its own rows. compactKept compares every cell, with
;; no branch (whether a cell is kept is a coin toss on text, and a mispredicted branch also throws
;; away the overlap of one log1p's long chain of divisions with the next), and moves the kept cells
;; to the front of the range's slots of N, in place (a cell is written at or behind the slot just
;; read, within the range's own slots): its column, and the argument of log1p in place of its count.
;; N is no longer a count matrix after it. The caller turns the rows' kept counts into row pointers,
;; and finishKept writes f32(log1p(y)) over each y, in place, two at a time ($log1pPair), a loop
;; with no unpredictable branch. The caller copies each range's kept columns and values out.
;;
;; All pointers are byte offsets into the pool's shared memory. The maximum (65536 pages) must equal
;; the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; Compacts the kept cells of rows [low, high) (see above) and writes each row's count into kept
  ;; (u32 per row). rowPointers u32 (V + 1), columns u32, values f64 (N's CSR); rowSums f64 (N_w);
  ;; smoothed f64 (N_c^α); smoothedTotal Σ_c N_c^α; shiftK k.
  (func (export "compactKept")
    (param $rowPointers i32) (param $columns i32) (param $values i32) (param $rowSums i32) (param $smoothed i32)
    (param $smoothedTotal f64) (param $shiftK f64) (param $low i32) (param $high i32) (param $kept i32)
    (local $row i32) (local $slot i32) (local $end i32) (local $at i32) (local $rowStart i32) (local $column i32)
    (local $rowScale f64) (local $numerator f64) (local $denominator f64)
    (local.set $row (local.get $low))
    (local.set $at (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $low) (i32.const 2)))))
    (block $rowsDone
      (loop $nextRow
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $high)))
        (local.set $rowScale (f64.mul (f64.load (i32.add (local.get $rowSums) (i32.shl (local.get $row) (i32.const 3)))) (local.get $shiftK)))
        (local.set $slot (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $rowStart (local.get $at))
        (block $cellsDone
          (loop $nextCell
            (br_if $cellsDone (i32.ge_u (local.get $slot) (local.get $end)))
            (local.set $column (i32.load (i32.add (local.get $columns) (i32.shl (local.get $slot) (i32.const 2)))))
            (local.set $numerator (f64.mul (f64.load (i32.add (local.get $values) (i32.shl (local.get $slot) (i32.const 3)))) (local.get $smoothedTotal)))
            (local.set $denominator (f64.mul (local.get $rowScale) (f64.load (i32.add (local.get $smoothed) (i32.shl (local.get $column) (i32.const 3))))))
            ;; Written whether kept or not: a cell that is not kept is overwritten by the next one.
            (i32.store (i32.add (local.get $columns) (i32.shl (local.get $at) (i32.const 2))) (local.get $column))
            (f64.store (i32.add (local.get $values) (i32.shl (local.get $at) (i32.const 3)))
              (f64.div (f64.sub (local.get $numerator) (local.get $denominator)) (local.get $denominator)))
            (local.set $at (i32.add (local.get $at) (f64.gt (local.get $numerator) (local.get $denominator))))
            (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
            (br $nextCell)))
        (i32.store (i32.add (local.get $kept) (i32.shl (local.get $row) (i32.const 2))) (i32.sub (local.get $at) (local.get $rowStart)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $nextRow))))

  ;; The kept cells of rows [low, high), compacted by compactKept: f32(log1p(y)) of each, written in
  ;; place over the y (f64) from the start of the range's slots of values, two at a time (a write at
  ;; bytes [4i, 4i + 8) never reaches a y not yet read, at [8i, …)). Their columns are in place already.
  (func (export "finishKept")
    (param $rowPointers i32) (param $values i32) (param $low i32) (param $high i32) (param $keptPointers i32)
    (local $base i32) (local $index i32) (local $count i32)
    (local.set $base (i32.add (local.get $values) (i32.shl (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $low) (i32.const 2)))) (i32.const 3))))
    (local.set $count
      (i32.sub
        (i32.load (i32.add (local.get $keptPointers) (i32.shl (local.get $high) (i32.const 2))))
        (i32.load (i32.add (local.get $keptPointers) (i32.shl (local.get $low) (i32.const 2))))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (i32.add (local.get $index) (i32.const 1)) (local.get $count)))
        (v128.store64_lane 0 (i32.add (local.get $base) (i32.shl (local.get $index) (i32.const 2)))
          (f32x4.demote_f64x2_zero (call $log1pPair (v128.load (i32.add (local.get $base) (i32.shl (local.get $index) (i32.const 3)))))))
        (local.set $index (i32.add (local.get $index) (i32.const 2)))
        (br $next)))
    ;; The last one of an odd count.
    (if (i32.lt_u (local.get $index) (local.get $count))
      (then
        (f32.store (i32.add (local.get $base) (i32.shl (local.get $index) (i32.const 2)))
          (f32.demote_f64 (call $log1p (f64.load (i32.add (local.get $base) (i32.shl (local.get $index) (i32.const 3))))))))))

  ;; log1p of `count` f64 at `input` into `output` (f64), two at a time as finishKept does: for tests.
  (func (export "log1pArray") (param $input i32) (param $output i32) (param $count i32)
    (local $index i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (i32.add (local.get $index) (i32.const 1)) (local.get $count)))
        (v128.store (i32.add (local.get $output) (i32.shl (local.get $index) (i32.const 3)))
          (call $log1pPair (v128.load (i32.add (local.get $input) (i32.shl (local.get $index) (i32.const 3))))))
        (local.set $index (i32.add (local.get $index) (i32.const 2)))
        (br $next)))
    (if (i32.lt_u (local.get $index) (local.get $count))
      (then
        (f64.store (i32.add (local.get $output) (i32.shl (local.get $index) (i32.const 3)))
          (call $log1p (f64.load (i32.add (local.get $input) (i32.shl (local.get $index) (i32.const 3)))))))))

  ;; $log1p of both lanes, bit for bit, without its branches where both lanes are in the common
  ;; ranges: 2^−29 ≤ x < 2^53 and, for x ≥ √2 − 1, the reduced argument not within 2^−20 of a power
  ;; of 2 (fdlibm's |f| < 2^−20 case). A lane below √2 − 1 takes fdlibm's k = 0 branch, f = x and
  ;; f − (hfsq − s·(hfsq + R)); the others its k ≠ 0 branch, k·ln2_hi − ((hfsq − (s·(hfsq + R) +
  ;; (k·ln2_lo + c))) − f), which with k = 0 and c = 0 is the same number (0 − (B − f) = f − B
  ;; exactly: rounding to nearest is symmetric), so one formula serves both. Otherwise both lanes go
  ;; through $log1p. On text nearly every pair takes the fast way; branches that depend on which of
  ;; fdlibm's cases a value falls in are what made the one-at-a-time loop slow (and its divisions).
  (func $log1pPair (param $x v128) (result v128)
    (local $hx v128) (local $small v128) (local $u v128) (local $hu v128) (local $k v128) (local $c v128)
    (local $upper v128) (local $f v128) (local $rare v128) (local $dk v128) (local $hfsq v128) (local $s v128)
    (local $z v128) (local $R v128)
    (local.set $hx (i64x2.shr_u (local.get $x) (i32.const 32)))
    ;; Outside [2^−29, 2^53) (NaN and negative included): fdlibm's other branches.
    (local.set $rare
      (v128.not
        (v128.and
          (f64x2.ge (local.get $x) (f64x2.splat (f64.const 0x1p-29)))
          (f64x2.lt (local.get $x) (f64x2.splat (f64.const 0x1p53))))))
    (local.set $small (i64x2.lt_s (local.get $hx) (i64x2.splat (i64.const 0x3FDA827A))))
    ;; The k ≠ 0 branch: u = 1 + x, k its exponent, c = ((1 + x) − u)/u.
    (local.set $u (f64x2.add (f64x2.splat (f64.const 1)) (local.get $x)))
    (local.set $hu (i64x2.shr_u (local.get $u) (i32.const 32)))
    (local.set $k (i64x2.sub (i64x2.shr_u (local.get $hu) (i32.const 20)) (i64x2.splat (i64.const 1023))))
    (local.set $c
      (v128.bitselect
        (f64x2.sub (f64x2.splat (f64.const 1)) (f64x2.sub (local.get $u) (local.get $x)))
        (f64x2.sub (local.get $x) (f64x2.sub (local.get $u) (f64x2.splat (f64.const 1))))
        (i64x2.gt_s (local.get $k) (i64x2.splat (i64.const 0)))))
    (local.set $c (f64x2.div (local.get $c) (local.get $u)))
    (local.set $hu (v128.and (local.get $hu) (i64x2.splat (i64.const 0x000FFFFF))))
    ;; u's mantissa at or above √2's: normalize u/2 (k + 1) instead of u.
    (local.set $upper (i64x2.ge_s (local.get $hu) (i64x2.splat (i64.const 0x6A09E))))
    (local.set $u
      (v128.or
        (v128.and (local.get $u) (i64x2.splat (i64.const 0xFFFFFFFF)))
        (i64x2.shl
          (v128.or (local.get $hu) (v128.bitselect (i64x2.splat (i64.const 0x3FE00000)) (i64x2.splat (i64.const 0x3FF00000)) (local.get $upper)))
          (i32.const 32))))
    (local.set $k (i64x2.sub (local.get $k) (local.get $upper)))
    (local.set $hu
      (v128.bitselect
        (i64x2.shr_s (i64x2.sub (i64x2.splat (i64.const 0x00100000)) (local.get $hu)) (i32.const 2))
        (local.get $hu)
        (local.get $upper)))
    ;; |f| < 2^−20 in the k ≠ 0 branch: fdlibm's shorter series.
    (local.set $rare
      (v128.or (local.get $rare) (v128.andnot (i64x2.eq (local.get $hu) (i64x2.splat (i64.const 0))) (local.get $small))))
    (if (v128.any_true (local.get $rare))
      (then
        (return
          (f64x2.replace_lane 1
            (f64x2.splat (call $log1p (f64x2.extract_lane 0 (local.get $x))))
            (call $log1p (f64x2.extract_lane 1 (local.get $x)))))))
    ;; The k = 0 branch where small: f = x, c = 0, k = 0.
    (local.set $f (v128.bitselect (local.get $x) (f64x2.sub (local.get $u) (f64x2.splat (f64.const 1))) (local.get $small)))
    (local.set $c (v128.andnot (local.get $c) (local.get $small)))
    (local.set $k (v128.andnot (local.get $k) (local.get $small)))
    ;; k as a double: the bits of 2^52 + (k + 2048), less 2^52 + 2048 (exact: whole numbers below 2^53).
    (local.set $dk
      (f64x2.sub
        (i64x2.add (local.get $k) (i64x2.splat (i64.const 0x4330000000000800)))
        (f64x2.splat (f64.const 0x1.0000000000800p52))))
    (local.set $hfsq (f64x2.mul (f64x2.mul (f64x2.splat (f64.const 0.5)) (local.get $f)) (local.get $f)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (f64x2.splat (f64.const 2)) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $R
      (f64x2.mul (local.get $z)
        (f64x2.add (f64x2.splat (f64.const 0x1.5555555555593p-1))
          (f64x2.mul (local.get $z)
            (f64x2.add (f64x2.splat (f64.const 0x1.999999997fa04p-2))
              (f64x2.mul (local.get $z)
                (f64x2.add (f64x2.splat (f64.const 0x1.2492494229359p-2))
                  (f64x2.mul (local.get $z)
                    (f64x2.add (f64x2.splat (f64.const 0x1.c71c51d8e78afp-3))
                      (f64x2.mul (local.get $z)
                        (f64x2.add (f64x2.splat (f64.const 0x1.7466496cb03dep-3))
                          (f64x2.mul (local.get $z)
                            (f64x2.add (f64x2.splat (f64.const 0x1.39a09d078c69fp-3))
                              (f64x2.mul (local.get $z) (f64x2.splat (f64.const 0x1.2f112df3e5244p-3))))))))))))))))
    (f64x2.sub
      (f64x2.mul (local.get $dk) (f64x2.splat (f64.const 0x1.62e42fee00000p-1)))
      (f64x2.sub
        (f64x2.sub
          (local.get $hfsq)
          (f64x2.add
            (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
            (f64x2.add (f64x2.mul (local.get $dk) (f64x2.splat (f64.const 0x1.a39ef35793c76p-33))) (local.get $c))))
        (local.get $f))))

  ;; The high 32 bits of a double (fdlibm's GET_HIGH_WORD), as a signed i32.
  (func $highWord (param $x f64) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))

  ;; x with its high 32 bits replaced by `high` (fdlibm's SET_HIGH_WORD).
  (func $withHighWord (param $x f64) (param $high i32) (result f64)
    (f64.reinterpret_i64
      (i64.or
        (i64.shl (i64.extend_i32_u (local.get $high)) (i64.const 32))
        (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0xFFFFFFFF)))))

  ;; log(1 + x), a port of fdlibm's s_log1p.c (as in FreeBSD msun and V8's ieee754.cc); its
  ;; copyright notice, which its licence asks to keep:
  ;;   Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved.
  ;;   Developed at SunSoft, a Sun Microsystems, Inc. business.
  ;;   Permission to use, copy, modify, and distribute this software is freely granted, provided
  ;;   that this notice is preserved.
  ;; Method: 1 + x = 2^k·(1 + f) with √2/2 < 1 + f < √2 (u = 1 + x rounded, and the rounding's
  ;; correction c = ((1 + x) − u)/u added back), then log(1 + f) = f − (f²/2 − s·(f²/2 + R(s²)))
  ;; with s = f/(2 + f) and R a degree-7 polynomial in s², and k·ln2 added in two parts (k·ln2_hi is
  ;; exact). The constants are written in hexadecimal: exactly fdlibm's.
  (func $log1p (export "log1p") (param $x f64) (result f64)
    (local $hx i32) (local $ax i32) (local $k i32) (local $hu i32) (local $dk f64)
    (local $f f64) (local $c f64) (local $u f64) (local $hfsq f64) (local $s f64) (local $z f64) (local $R f64)
    (local.set $hx (call $highWord (local.get $x)))
    (local.set $ax (i32.and (local.get $hx) (i32.const 0x7FFFFFFF)))
    (local.set $k (i32.const 1))
    ;; 1 + x < √2 (and x negative: every negative high word is below the bound).
    (if (i32.lt_s (local.get $hx) (i32.const 0x3FDA827A))
      (then
        ;; x ≤ −1: −∞ at −1, NaN below.
        (if (i32.ge_s (local.get $ax) (i32.const 0x3FF00000))
          (then
            (if (f64.eq (local.get $x) (f64.const -1)) (then (return (f64.const -inf))))
            (return (f64.const nan))))
        ;; |x| < 2^−29: x below 2^−54 (±0 included), else x − x²/2.
        (if (i32.lt_s (local.get $ax) (i32.const 0x3E200000))
          (then
            (if (i32.lt_s (local.get $ax) (i32.const 0x3C900000)) (then (return (local.get $x))))
            (return (f64.sub (local.get $x) (f64.mul (f64.mul (local.get $x) (local.get $x)) (f64.const 0.5))))))
        ;; √2/2 ≤ 1 + x < √2: f = x exactly, k = 0.
        (if (i32.or (i32.gt_s (local.get $hx) (i32.const 0)) (i32.le_s (local.get $hx) (i32.const 0xBFD2BEC4)))
          (then
            (local.set $k (i32.const 0))
            (local.set $f (local.get $x))
            (local.set $hu (i32.const 1))))))
    ;; +∞ and NaN.
    (if (i32.ge_s (local.get $hx) (i32.const 0x7FF00000)) (then (return (f64.add (local.get $x) (local.get $x)))))
    (if (local.get $k)
      (then
        (if (i32.lt_s (local.get $hx) (i32.const 0x43400000))
          (then
            (local.set $u (f64.add (f64.const 1) (local.get $x)))
            (local.set $hu (call $highWord (local.get $u)))
            (local.set $k (i32.sub (i32.shr_s (local.get $hu) (i32.const 20)) (i32.const 1023)))
            ;; The correction term ((1 + x) − u)/u.
            (local.set $c
              (select
                (f64.sub (f64.const 1) (f64.sub (local.get $u) (local.get $x)))
                (f64.sub (local.get $x) (f64.sub (local.get $u) (f64.const 1)))
                (i32.gt_s (local.get $k) (i32.const 0))))
            (local.set $c (f64.div (local.get $c) (local.get $u))))
          (else
            ;; x ≥ 2^53: 1 + x is x.
            (local.set $u (local.get $x))
            (local.set $hu (call $highWord (local.get $u)))
            (local.set $k (i32.sub (i32.shr_s (local.get $hu) (i32.const 20)) (i32.const 1023)))
            (local.set $c (f64.const 0))))
        (local.set $hu (i32.and (local.get $hu) (i32.const 0x000FFFFF)))
        (if (i32.lt_s (local.get $hu) (i32.const 0x6A09E))
          (then
            ;; u's mantissa below √2: normalize u to [1, √2).
            (local.set $u (call $withHighWord (local.get $u) (i32.or (local.get $hu) (i32.const 0x3FF00000)))))
          (else
            ;; Normalize u/2 to [√2/2, 1).
            (local.set $k (i32.add (local.get $k) (i32.const 1)))
            (local.set $u (call $withHighWord (local.get $u) (i32.or (local.get $hu) (i32.const 0x3FE00000))))
            (local.set $hu (i32.shr_s (i32.sub (i32.const 0x00100000) (local.get $hu)) (i32.const 2)))))
        (local.set $f (f64.sub (local.get $u) (f64.const 1)))))
    (local.set $hfsq (f64.mul (f64.mul (f64.const 0.5) (local.get $f)) (local.get $f)))
    (local.set $dk (f64.convert_i32_s (local.get $k)))
    ;; |f| < 2^−20: a shorter series.
    (if (i32.eqz (local.get $hu))
      (then
        (if (f64.eq (local.get $f) (f64.const 0))
          (then
            (if (i32.eqz (local.get $k)) (then (return (f64.const 0))))
            (local.set $c (f64.add (local.get $c) (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33))))
            (return (f64.add (f64.mul (local.get $dk) (f64.const 0x1.62e42fee00000p-1)) (local.get $c)))))
        (local.set $R (f64.mul (local.get $hfsq) (f64.sub (f64.const 1) (f64.mul (f64.const 0x1.5555555555555p-1) (local.get $f)))))
        (if (i32.eqz (local.get $k)) (then (return (f64.sub (local.get $f) (local.get $R)))))
        (return
          (f64.sub
            (f64.mul (local.get $dk) (f64.const 0x1.62e42fee00000p-1))
            (f64.sub
              (f64.sub (local.get $R) (f64.add (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33)) (local.get $c)))
              (local.get $f))))))
    (local.set $s (f64.div (local.get $f) (f64.add (f64.const 2) (local.get $f))))
    (local.set $z (f64.mul (local.get $s) (local.get $s)))
    ;; R = z·(Lp1 + z·(Lp2 + z·(Lp3 + z·(Lp4 + z·(Lp5 + z·(Lp6 + z·Lp7))))))
    (local.set $R
      (f64.mul (local.get $z)
        (f64.add (f64.const 0x1.5555555555593p-1)
          (f64.mul (local.get $z)
            (f64.add (f64.const 0x1.999999997fa04p-2)
              (f64.mul (local.get $z)
                (f64.add (f64.const 0x1.2492494229359p-2)
                  (f64.mul (local.get $z)
                    (f64.add (f64.const 0x1.c71c51d8e78afp-3)
                      (f64.mul (local.get $z)
                        (f64.add (f64.const 0x1.7466496cb03dep-3)
                          (f64.mul (local.get $z)
                            (f64.add (f64.const 0x1.39a09d078c69fp-3)
                              (f64.mul (local.get $z) (f64.const 0x1.2f112df3e5244p-3)))))))))))))))
    (if (i32.eqz (local.get $k))
      (then
        (return (f64.sub (local.get $f) (f64.sub (local.get $hfsq) (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $R))))))))
    ;; k·ln2_hi − ((hfsq − (s·(hfsq + R) + (k·ln2_lo + c))) − f)
    (f64.sub
      (f64.mul (local.get $dk) (f64.const 0x1.62e42fee00000p-1))
      (f64.sub
        (f64.sub
          (local.get $hfsq)
          (f64.add
            (f64.mul (local.get $s) (f64.add (local.get $hfsq) (local.get $R)))
            (f64.add (f64.mul (local.get $dk) (f64.const 0x1.a39ef35793c76p-33)) (local.get $c))))
        (local.get $f))))
)
