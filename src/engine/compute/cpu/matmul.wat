;; C(m×n) = A(m×k)·B(k×n) on single-precision row-major matrices, for the rows [rowStart, rowEnd) of C.
;;
;; Every C cell is the sum over i = 0..k-1 of A[r,i]·B[i,c], accumulated in f32 in increasing i. The
;; vector tiles keep one independent sum per lane, so a cell gets the same bits whichever tile (or
;; worker band) computes it: results do not depend on the thread count.
;;
;; Tiling: 4 rows × 8 columns (two f32x4 per row, 8 accumulators in registers) reads 4 A values and
;; 2 B vectors per step of i for 32 multiply-adds. Rows left over (fewer than 4) use 1×8 tiles, the
;; columns left over use one 1×4 tile and then a scalar tail, so any m, k, n works.
;;
;; B arrives packed by the caller in column panels: columns [j, j+w) as k rows of w contiguous
;; floats, starting at float j·k, with w = 8 for the full panels, then 4, then 1 for the tail. A
;; tile then reads its panel sequentially; reading B row-major instead strides n·4 bytes per step,
;; and when that is a power of two (n = 1024) every step lands in the same cache set and thrashes.
;;
;; The memory is shared with every worker of the pool and laid out by the caller; all pointers are
;; byte offsets into it. The maximum (65536 pages = 4 GiB) must equal the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $tile4x8
    (param $a i32) (param $b i32) (param $c i32) (param $k i32)
    (param $aStride i32) (param $bStride i32) (param $cStride i32)
    (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $aEnd i32)
    (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $a1 (i32.add (local.get $a) (local.get $aStride)))
    (local.set $a2 (i32.add (local.get $a1) (local.get $aStride)))
    (local.set $a3 (i32.add (local.get $a2) (local.get $aStride)))
    (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $b0 (v128.load align=4 (local.get $b)))
        (local.set $b1 (v128.load offset=16 align=4 (local.get $b)))
        (local.set $s (v128.load32_splat align=4 (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat align=4 (local.get $a1)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat align=4 (local.get $a2)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat align=4 (local.get $a3)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $a1 (i32.add (local.get $a1) (i32.const 4)))
        (local.set $a2 (i32.add (local.get $a2) (i32.const 4)))
        (local.set $a3 (i32.add (local.get $a3) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (local.get $bStride)))
        (br_if $step (i32.lt_u (local.get $a) (local.get $aEnd)))))
    (v128.store align=4 (local.get $c) (local.get $c00))
    (v128.store offset=16 align=4 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (local.get $c10))
    (v128.store offset=16 align=4 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (local.get $c20))
    (v128.store offset=16 align=4 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (local.get $c30))
    (v128.store offset=16 align=4 (local.get $c) (local.get $c31)))

  (func $tile1x8
    (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $bStride i32)
    (local $aEnd i32) (local $s v128) (local $c0 v128) (local $c1 v128)
    (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s (v128.load32_splat align=4 (local.get $a)))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $b)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (local.get $bStride)))
        (br_if $step (i32.lt_u (local.get $a) (local.get $aEnd)))))
    (v128.store align=4 (local.get $c) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $c) (local.get $c1)))

  (func $tile1x4
    (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $bStride i32)
    (local $aEnd i32) (local $c0 v128)
    (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $c0 (f32x4.add (local.get $c0)
          (f32x4.mul (v128.load32_splat align=4 (local.get $a)) (v128.load align=4 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (local.get $bStride)))
        (br_if $step (i32.lt_u (local.get $a) (local.get $aEnd)))))
    (v128.store align=4 (local.get $c) (local.get $c0)))

  (func $tile1x1
    (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $bStride i32)
    (local $aEnd i32) (local $sum f32)
    (local.set $aEnd (i32.add (local.get $a) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $sum (f32.add (local.get $sum)
          (f32.mul (f32.load (local.get $a)) (f32.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 4)))
        (local.set $b (i32.add (local.get $b) (local.get $bStride)))
        (br_if $step (i32.lt_u (local.get $a) (local.get $aEnd)))))
    (f32.store (local.get $c) (local.get $sum)))

  ;; Rows [rowStart, rowEnd) of C for every column. b is B packed in column panels (see the header).
  ;; aStride: bytes from one row of A to the next (k·4 for a compact A; more for the first k columns
  ;; of a wider matrix). B's panels are always k rows long.
  (func $rows
    (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32)
    (param $rowStart i32) (param $rowEnd i32) (param $aStride i32)
    (local $panelStride i32) (local $cStride i32) (local $column i32) (local $row i32) (local $panel i32)
    (local.set $panelStride (i32.shl (local.get $k) (i32.const 2)))
    (local.set $cStride (i32.shl (local.get $n) (i32.const 2)))

    ;; 8-column panels
    (block $panelsDone
      (loop $panelStep
        (br_if $panelsDone (i32.gt_u (i32.add (local.get $column) (i32.const 8)) (local.get $n)))
        (local.set $panel (i32.add (local.get $b) (i32.mul (local.get $column) (local.get $panelStride))))
        (local.set $row (local.get $rowStart))
        (block $quadsDone
          (loop $quad
            (br_if $quadsDone (i32.gt_u (i32.add (local.get $row) (i32.const 4)) (local.get $rowEnd)))
            (call $tile4x8
              (i32.add (local.get $a) (i32.mul (local.get $row) (local.get $aStride)))
              (local.get $panel)
              (i32.add (local.get $c) (i32.shl
                (i32.add (i32.mul (local.get $row) (local.get $n)) (local.get $column)) (i32.const 2)))
              (local.get $k) (local.get $aStride) (i32.const 32) (local.get $cStride))
            (local.set $row (i32.add (local.get $row) (i32.const 4)))
            (br $quad)))
        (block $singlesDone
          (loop $single
            (br_if $singlesDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
            (call $tile1x8
              (i32.add (local.get $a) (i32.mul (local.get $row) (local.get $aStride)))
              (local.get $panel)
              (i32.add (local.get $c) (i32.shl
                (i32.add (i32.mul (local.get $row) (local.get $n)) (local.get $column)) (i32.const 2)))
              (local.get $k) (i32.const 32))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (br $single)))
        (local.set $column (i32.add (local.get $column) (i32.const 8)))
        (br $panelStep)))

    ;; one 4-column panel when at least 4 columns are left
    (if (i32.le_u (i32.add (local.get $column) (i32.const 4)) (local.get $n))
      (then
        (local.set $panel (i32.add (local.get $b) (i32.mul (local.get $column) (local.get $panelStride))))
        (local.set $row (local.get $rowStart))
        (block $rowsDone
          (loop $rowStep
            (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
            (call $tile1x4
              (i32.add (local.get $a) (i32.mul (local.get $row) (local.get $aStride)))
              (local.get $panel)
              (i32.add (local.get $c) (i32.shl
                (i32.add (i32.mul (local.get $row) (local.get $n)) (local.get $column)) (i32.const 2)))
              (local.get $k) (i32.const 16))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (br $rowStep)))
        (local.set $column (i32.add (local.get $column) (i32.const 4)))))

    ;; scalar tail: the last n mod 4 columns, each stored as one contiguous column
    (block $tailDone
      (loop $tailColumn
        (br_if $tailDone (i32.ge_u (local.get $column) (local.get $n)))
        (local.set $panel (i32.add (local.get $b) (i32.mul (local.get $column) (local.get $panelStride))))
        (local.set $row (local.get $rowStart))
        (block $rowsDone
          (loop $rowStep
            (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
            (call $tile1x1
              (i32.add (local.get $a) (i32.mul (local.get $row) (local.get $aStride)))
              (local.get $panel)
              (i32.add (local.get $c) (i32.shl
                (i32.add (i32.mul (local.get $row) (local.get $n)) (local.get $column)) (i32.const 2)))
              (local.get $k) (i32.const 4))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (br $rowStep)))
        (local.set $column (i32.add (local.get $column) (i32.const 1)))
        (br $tailColumn))))

  ;; a, b, c: byte offsets of A, packed B and C; rows [rowStart, rowEnd) of C are written. The rows
  ;; go in blocks of 64 (a multiple of the 4-row tile, so bands stay aligned): a block of A is
  ;; 64·k·4 bytes, which stays in L2 while every panel of B streams past it.
  (func (export "matmul")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $rowStart i32) (param $rowEnd i32)
    (call $blocks (local.get $a) (local.get $b) (local.get $c) (local.get $k) (local.get $n)
      (local.get $rowStart) (local.get $rowEnd) (i32.shl (local.get $k) (i32.const 2))))

  ;; The same product with A's rows aStride bytes apart: the first k columns of a wider row-major
  ;; matrix (a basis that grows a block of columns at a time, cpu/dense-basis.ts), read in place.
  (func (export "matmulStrided")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $k i32) (param $n i32)
    (param $rowStart i32) (param $rowEnd i32) (param $aStride i32)
    (call $blocks (local.get $a) (local.get $b) (local.get $c) (local.get $k) (local.get $n)
      (local.get $rowStart) (local.get $rowEnd) (local.get $aStride)))

  (func $blocks
    (param $a i32) (param $b i32) (param $c i32) (param $k i32) (param $n i32)
    (param $rowStart i32) (param $rowEnd i32) (param $aStride i32)
    (local $blockEnd i32)
    (block $done
      (loop $block
        (br_if $done (i32.ge_u (local.get $rowStart) (local.get $rowEnd)))
        (local.set $blockEnd (i32.add (local.get $rowStart) (i32.const 64)))
        (if (i32.gt_u (local.get $blockEnd) (local.get $rowEnd))
          (then (local.set $blockEnd (local.get $rowEnd))))
        (call $rows (local.get $a) (local.get $b) (local.get $c) (local.get $k) (local.get $n)
          (local.get $rowStart) (local.get $blockEnd) (local.get $aStride))
        (local.set $rowStart (local.get $blockEnd))
        (br $block)))))
