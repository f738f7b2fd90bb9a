;; The two O(n²)-and-more loops of the block Krylov SVD's Ritz steps (linalg/symmetric-eigen.ts), run
;; on the main thread: the band reduction of a symmetric banded matrix to tridiagonal form by Givens
;; rotations that chase each bulge down the band, and carrying eigenvectors back through those
;; rotations. The same float64 arithmetic as the JavaScript versions there, operation for operation
;; (no fused multiply-adds), so the results are bit-identical; about N times faster (docs/kernels.md).
;;
;; reduce: the band in lower band storage, one bulge wide: row i holds A(i, i − k) at element
;; i·width + k, k = 0..w + 1 (width = w + 2). Each rotation's pivot p (i32) and c, s (f64) are
;; appended to the three arrays when `record` ≠ 0; returns the rotation count.
;;
;; backTransform: x (n × count, f64, coordinate-major) rotated by the recorded rotations, last first:
;; rows p and p + 1 by [c −s; s c].
;;
;; All pointers are byte offsets into this module's own memory (exported; the caller grows it).
(module
  (memory (export "memory") 1)

  ;; Rotates rows and columns p and p + 1 so that entry (p + 1, target), target < p, becomes zero;
  ;; returns 1 if a rotation was made (and recorded at `slot`), else 0.
  (func $annihilate
    (param $band i32) (param $n i32) (param $w i32) (param $width i32) (param $p i32) (param $target i32)
    (param $record i32) (param $pivots i32) (param $cosines i32) (param $sines i32) (param $slot i32)
    (result i32)
    (local $q i32) (local $x f64) (local $y f64) (local $r f64) (local $c f64) (local $s f64)
    (local $high i32) (local $l i32) (local $pl i32) (local $ql i32) (local $u f64) (local $v f64)
    (local $step i32) (local $pp i32) (local $qq i32) (local $qp i32) (local $app f64) (local $aqq f64) (local $apq f64)
    (local.set $q (i32.add (local.get $p) (i32.const 1)))
    ;; x = A(p, target), y = A(q, target), as byte addresses pl and ql
    (local.set $pl (i32.add (local.get $band) (i32.shl
      (i32.sub (i32.add (i32.mul (local.get $p) (local.get $width)) (local.get $p)) (local.get $target)) (i32.const 3))))
    (local.set $ql (i32.add (local.get $band) (i32.shl
      (i32.sub (i32.add (i32.mul (local.get $q) (local.get $width)) (local.get $q)) (local.get $target)) (i32.const 3))))
    (local.set $x (f64.load (local.get $pl)))
    (local.set $y (f64.load (local.get $ql)))
    (if (f64.eq (local.get $y) (f64.const 0)) (then (return (i32.const 0))))
    (local.set $r (f64.sqrt (f64.add (f64.mul (local.get $x) (local.get $x)) (f64.mul (local.get $y) (local.get $y)))))
    (local.set $c (f64.div (local.get $x) (local.get $r)))
    (local.set $s (f64.div (local.get $y) (local.get $r)))
    (if (local.get $record)
      (then
        (i32.store (i32.add (local.get $pivots) (i32.shl (local.get $slot) (i32.const 2))) (local.get $p))
        (f64.store (i32.add (local.get $cosines) (i32.shl (local.get $slot) (i32.const 3))) (local.get $c))
        (f64.store (i32.add (local.get $sines) (i32.shl (local.get $slot) (i32.const 3))) (local.get $s))))
    (local.set $high (i32.add (local.get $q) (local.get $w)))
    (if (i32.gt_s (local.get $high) (i32.sub (local.get $n) (i32.const 1)))
      (then (local.set $high (i32.sub (local.get $n) (i32.const 1)))))
    ;; Columns target..p − 1 of rows p and q: both stored leftwards, one element apart.
    (local.set $l (local.get $target))
    (block $leftDone
      (loop $left
        (br_if $leftDone (i32.ge_s (local.get $l) (local.get $p)))
        (local.set $u (f64.load (local.get $pl)))
        (local.set $v (f64.load (local.get $ql)))
        (f64.store (local.get $pl) (f64.add (f64.mul (local.get $c) (local.get $u)) (f64.mul (local.get $s) (local.get $v))))
        (f64.store (local.get $ql) (f64.sub (f64.mul (local.get $c) (local.get $v)) (f64.mul (local.get $s) (local.get $u))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (local.set $pl (i32.sub (local.get $pl) (i32.const 8)))
        (local.set $ql (i32.sub (local.get $ql) (i32.const 8)))
        (br $left)))
    ;; Rows q + 1..high of columns p and q: A(l, p) at element l·width + l − p, A(l, q) one before it.
    (local.set $l (i32.add (local.get $q) (i32.const 1)))
    (local.set $pl (i32.add (local.get $band) (i32.shl
      (i32.sub (i32.add (i32.mul (local.get $l) (local.get $width)) (local.get $l)) (local.get $p)) (i32.const 3))))
    (local.set $step (i32.shl (i32.add (local.get $width) (i32.const 1)) (i32.const 3)))
    (block $downDone
      (loop $down
        (br_if $downDone (i32.gt_s (local.get $l) (local.get $high)))
        (local.set $u (f64.load (local.get $pl)))
        (local.set $v (f64.load offset=0 (i32.sub (local.get $pl) (i32.const 8))))
        (f64.store (local.get $pl) (f64.add (f64.mul (local.get $c) (local.get $u)) (f64.mul (local.get $s) (local.get $v))))
        (f64.store (i32.sub (local.get $pl) (i32.const 8)) (f64.sub (f64.mul (local.get $c) (local.get $v)) (f64.mul (local.get $s) (local.get $u))))
        (local.set $l (i32.add (local.get $l) (i32.const 1)))
        (local.set $pl (i32.add (local.get $pl) (local.get $step)))
        (br $down)))
    ;; The 2×2 block on the diagonal.
    (local.set $pp (i32.add (local.get $band) (i32.shl (i32.mul (local.get $p) (local.get $width)) (i32.const 3))))
    (local.set $qq (i32.add (local.get $band) (i32.shl (i32.mul (local.get $q) (local.get $width)) (i32.const 3))))
    (local.set $qp (i32.add (local.get $qq) (i32.const 8)))
    (local.set $app (f64.load (local.get $pp)))
    (local.set $aqq (f64.load (local.get $qq)))
    (local.set $apq (f64.load (local.get $qp)))
    ;; c·c·app + 2·c·s·apq + s·s·aqq, evaluated left to right as the JavaScript does
    (f64.store (local.get $pp) (f64.add (f64.add
      (f64.mul (f64.mul (local.get $c) (local.get $c)) (local.get $app))
      (f64.mul (f64.mul (f64.mul (f64.const 2) (local.get $c)) (local.get $s)) (local.get $apq)))
      (f64.mul (f64.mul (local.get $s) (local.get $s)) (local.get $aqq))))
    (f64.store (local.get $qq) (f64.add (f64.sub
      (f64.mul (f64.mul (local.get $s) (local.get $s)) (local.get $app))
      (f64.mul (f64.mul (f64.mul (f64.const 2) (local.get $c)) (local.get $s)) (local.get $apq)))
      (f64.mul (f64.mul (local.get $c) (local.get $c)) (local.get $aqq))))
    (f64.store (local.get $qp) (f64.add
      (f64.mul (f64.mul (local.get $c) (local.get $s)) (f64.sub (local.get $aqq) (local.get $app)))
      (f64.mul (f64.sub (f64.mul (local.get $c) (local.get $c)) (f64.mul (local.get $s) (local.get $s))) (local.get $apq))))
    ;; A(q, target) is now zero.
    (f64.store (i32.add (local.get $band) (i32.shl
      (i32.sub (i32.add (i32.mul (local.get $q) (local.get $width)) (local.get $q)) (local.get $target)) (i32.const 3)))
      (f64.const 0))
    (i32.const 1))

  ;; A(i, j), i ≥ j, as a byte address.
  (func $at (param $band i32) (param $width i32) (param $i i32) (param $j i32) (result i32)
    (i32.add (local.get $band) (i32.shl
      (i32.sub (i32.add (i32.mul (local.get $i) (local.get $width)) (local.get $i)) (local.get $j)) (i32.const 3))))

  (func (export "reduce")
    (param $band i32) (param $n i32) (param $w i32) (param $width i32)
    (param $record i32) (param $pivots i32) (param $cosines i32) (param $sines i32)
    (result i32)
    (local $column i32) (local $row i32) (local $bulgeRow i32) (local $bulgeColumn i32) (local $count i32)
    (local.set $column (i32.const 0))
    (block $columnsDone
      (loop $columnStep
        (br_if $columnsDone (i32.ge_s (local.get $column) (i32.sub (local.get $n) (i32.const 2))))
        (local.set $row (i32.add (local.get $column) (local.get $w)))
        (if (i32.gt_s (local.get $row) (i32.sub (local.get $n) (i32.const 1)))
          (then (local.set $row (i32.sub (local.get $n) (i32.const 1)))))
        (block $rowsDone
          (loop $rowStep
            (br_if $rowsDone (i32.lt_s (local.get $row) (i32.add (local.get $column) (i32.const 2))))
            (if (f64.ne (f64.load (call $at (local.get $band) (local.get $width) (local.get $row) (local.get $column))) (f64.const 0))
              (then
                (local.set $count (i32.add (local.get $count)
                  (call $annihilate (local.get $band) (local.get $n) (local.get $w) (local.get $width)
                    (i32.sub (local.get $row) (i32.const 1)) (local.get $column)
                    (local.get $record) (local.get $pivots) (local.get $cosines) (local.get $sines) (local.get $count))))
                ;; The rotation put a bulge at (row + w, row − 1), one outside the band: chase it down.
                (local.set $bulgeRow (i32.add (local.get $row) (local.get $w)))
                (local.set $bulgeColumn (i32.sub (local.get $row) (i32.const 1)))
                (block $chaseDone
                  (loop $chase
                    (br_if $chaseDone (i32.ge_s (local.get $bulgeRow) (local.get $n)))
                    (br_if $chaseDone (f64.eq (f64.load (call $at (local.get $band) (local.get $width) (local.get $bulgeRow) (local.get $bulgeColumn))) (f64.const 0)))
                    (local.set $count (i32.add (local.get $count)
                      (call $annihilate (local.get $band) (local.get $n) (local.get $w) (local.get $width)
                        (i32.sub (local.get $bulgeRow) (i32.const 1)) (local.get $bulgeColumn)
                        (local.get $record) (local.get $pivots) (local.get $cosines) (local.get $sines) (local.get $count))))
                    (local.set $bulgeColumn (i32.sub (local.get $bulgeRow) (i32.const 1)))
                    (local.set $bulgeRow (i32.add (local.get $bulgeRow) (local.get $w)))
                    (br $chase)))))
            (local.set $row (i32.sub (local.get $row) (i32.const 1)))
            (br $rowStep)))
        (local.set $column (i32.add (local.get $column) (i32.const 1)))
        (br $columnStep)))
    (local.get $count))

  (func (export "backTransform")
    (param $x i32) (param $count i32) (param $rotations i32) (param $pivots i32) (param $cosines i32) (param $sines i32)
    (local $index i32) (local $c f64) (local $s f64) (local $cv v128) (local $sv v128) (local $rowP i32) (local $rowQ i32)
    (local $r i32) (local $pairs i32) (local $yp v128) (local $yq v128) (local $ypScalar f64) (local $yqScalar f64) (local $rowBytes i32)
    (local.set $rowBytes (i32.shl (local.get $count) (i32.const 3)))
    (local.set $pairs (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $index (local.get $rotations))
    (block $done
      (loop $rotation
        (br_if $done (i32.le_s (local.get $index) (i32.const 0)))
        (local.set $index (i32.sub (local.get $index) (i32.const 1)))
        (local.set $c (f64.load (i32.add (local.get $cosines) (i32.shl (local.get $index) (i32.const 3)))))
        (local.set $s (f64.load (i32.add (local.get $sines) (i32.shl (local.get $index) (i32.const 3)))))
        (local.set $cv (f64x2.splat (local.get $c)))
        (local.set $sv (f64x2.splat (local.get $s)))
        (local.set $rowP (i32.add (local.get $x) (i32.mul
          (i32.load (i32.add (local.get $pivots) (i32.shl (local.get $index) (i32.const 2)))) (local.get $rowBytes))))
        (local.set $rowQ (i32.add (local.get $rowP) (local.get $rowBytes)))
        (local.set $r (i32.const 0))
        (block $pairsDone
          (loop $pair
            (br_if $pairsDone (i32.ge_u (local.get $r) (local.get $pairs)))
            (local.set $yp (v128.load align=8 (i32.add (local.get $rowP) (local.get $r))))
            (local.set $yq (v128.load align=8 (i32.add (local.get $rowQ) (local.get $r))))
            (v128.store align=8 (i32.add (local.get $rowP) (local.get $r))
              (f64x2.sub (f64x2.mul (local.get $cv) (local.get $yp)) (f64x2.mul (local.get $sv) (local.get $yq))))
            (v128.store align=8 (i32.add (local.get $rowQ) (local.get $r))
              (f64x2.add (f64x2.mul (local.get $sv) (local.get $yp)) (f64x2.mul (local.get $cv) (local.get $yq))))
            (local.set $r (i32.add (local.get $r) (i32.const 16)))
            (br $pair)))
        (if (i32.lt_u (local.get $r) (local.get $rowBytes))
          (then
            (local.set $ypScalar (f64.load (i32.add (local.get $rowP) (local.get $r))))
            (local.set $yqScalar (f64.load (i32.add (local.get $rowQ) (local.get $r))))
            (f64.store (i32.add (local.get $rowP) (local.get $r))
              (f64.sub (f64.mul (local.get $c) (local.get $ypScalar)) (f64.mul (local.get $s) (local.get $yqScalar))))
            (f64.store (i32.add (local.get $rowQ) (local.get $r))
              (f64.add (f64.mul (local.get $s) (local.get $ypScalar)) (f64.mul (local.get $c) (local.get $yqScalar))))))
        (br $rotation)))))
