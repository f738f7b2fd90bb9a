;; Y(rows×n) = A·X for a CSR matrix A and a row-major X (cols×n), for the rows [rowStart, rowEnd) of Y.
;;
;; Y row r = Σ over A's slots s of row r of values[s]·X[columnIndices[s], :]. A row of Y is built in
;; column chunks of up to 32 floats held in up to eight f32x4 registers while the row's slots stream
;; past, then stored once: the widest of 32, 24, 20, 16, 12, 8 or 4 columns that fits in the columns
;; left, so a block of 20 (the block Krylov SVD's) takes one walk over the slots, not a 16 and a 4
;; (8.0 → 7.0 ms a pass on the benchmark matrix). The last n mod 4 columns take one chunk of 4 that
;; ends at column n and overlaps the chunk before it; only n < 4 goes a column at a time. Each chunk
;; walks the row's slots again, but the X rows they gather are then in cache. A cell's sum is
;; accumulated in f32 in slot order whichever chunk or thread computes it: results do not depend on
;; the thread count. Rows without non-zeros are written as zeros, so Y need not be cleared first.
;;
;; Column indices are u16 (indexShift 1) when the matrix has at most 65,536 columns, else u32
;; (indexShift 2): a 4-byte load masked to 16 bits, so the caller leaves 2 bytes after the last index.
;;
;; Aᵀ·X runs this same kernel on the transposed CSR matrix (built once by the caller): a scatter over
;; A's rows would need atomics or per-thread copies of Y.
;;
;; All pointers are byte offsets into the pool's shared memory; rowPointers are u32, columnIndices
;; u16 or u32, values, X and Y f32. The maximum (65536 pages = 4 GiB) must equal the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; One chunk of 32 columns: index and value walk the row's slots up to indexEnd; x and y point at
  ;; the chunk's first column of X's row 0 and of Y's row; stride is X's row length in bytes.
  (func $chunk32
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $s v128) (local $p i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $p)))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $s) (v128.load offset=64 align=4 (local.get $p)))))
        (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $s) (v128.load offset=80 align=4 (local.get $p)))))
        (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $s) (v128.load offset=96 align=4 (local.get $p)))))
        (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $s) (v128.load offset=112 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1))
    (v128.store offset=32 align=4 (local.get $y) (local.get $c2))
    (v128.store offset=48 align=4 (local.get $y) (local.get $c3))
    (v128.store offset=64 align=4 (local.get $y) (local.get $c4))
    (v128.store offset=80 align=4 (local.get $y) (local.get $c5))
    (v128.store offset=96 align=4 (local.get $y) (local.get $c6))
    (v128.store offset=112 align=4 (local.get $y) (local.get $c7)))

  (func $chunk24
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $s v128) (local $p i32) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128) (local $c5 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $p)))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $s) (v128.load offset=64 align=4 (local.get $p)))))
        (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $s) (v128.load offset=80 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1))
    (v128.store offset=32 align=4 (local.get $y) (local.get $c2))
    (v128.store offset=48 align=4 (local.get $y) (local.get $c3))
    (v128.store offset=64 align=4 (local.get $y) (local.get $c4))
    (v128.store offset=80 align=4 (local.get $y) (local.get $c5)))

  (func $chunk20
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $s v128) (local $p i32) (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $p)))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $s) (v128.load offset=64 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1))
    (v128.store offset=32 align=4 (local.get $y) (local.get $c2))
    (v128.store offset=48 align=4 (local.get $y) (local.get $c3))
    (v128.store offset=64 align=4 (local.get $y) (local.get $c4)))

  (func $chunk12
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $s v128) (local $p i32) (local $c0 v128) (local $c1 v128) (local $c2 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1))
    (v128.store offset=32 align=4 (local.get $y) (local.get $c2)))

  (func $chunk16
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $s v128) (local $p i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1))
    (v128.store offset=32 align=4 (local.get $y) (local.get $c2))
    (v128.store offset=48 align=4 (local.get $y) (local.get $c3)))

  (func $chunk8
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $s v128) (local $p i32) (local $c0 v128) (local $c1 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1)))

  (func $chunk4
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $c0 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul
          (v128.load32_splat align=4 (local.get $value))
          (v128.load align=4 (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride)))))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0)))

  (func $chunk1
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $step i32) (param $mask i32)
    (local $sum f32)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $sum (f32.add (local.get $sum) (f32.mul
          (f32.load (local.get $value))
          (f32.load (i32.add (local.get $x) (i32.mul (i32.and (i32.load (local.get $index)) (local.get $mask)) (local.get $stride)))))))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (f32.store (local.get $y) (local.get $sum)))

  ;; One chunk of `width` columns (32, 16, 8, 4 or 1) starting at byte offset `offset` of the rows.
  (func $chunk
    (param $width i32) (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $offset i32) (param $step i32) (param $mask i32)
    (local.set $x (i32.add (local.get $x) (local.get $offset)))
    (local.set $y (i32.add (local.get $y) (local.get $offset)))
    (if (i32.eq (local.get $width) (i32.const 32))
      (then (call $chunk32 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (if (i32.eq (local.get $width) (i32.const 24))
      (then (call $chunk24 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (if (i32.eq (local.get $width) (i32.const 20))
      (then (call $chunk20 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (if (i32.eq (local.get $width) (i32.const 16))
      (then (call $chunk16 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (if (i32.eq (local.get $width) (i32.const 12))
      (then (call $chunk12 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (if (i32.eq (local.get $width) (i32.const 8))
      (then (call $chunk8 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (if (i32.eq (local.get $width) (i32.const 4))
      (then (call $chunk4 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y) (local.get $step) (local.get $mask)) (return)))
    (call $chunk1 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y)
      (local.get $step) (local.get $mask)))

  ;; rowPointers, columnIndices, values: A's CSR arrays; x, y: X and Y; n: columns of X and Y.
  (func (export "csrTimesDense")
    (param $rowPointers i32) (param $columnIndices i32) (param $values i32) (param $x i32) (param $y i32)
    (param $n i32) (param $rowStart i32) (param $rowEnd i32) (param $indexShift i32)
    (local $row i32) (local $stride i32) (local $slotStart i32) (local $index i32) (local $indexEnd i32)
    (local $value i32) (local $yRow i32) (local $column i32) (local $remaining i32) (local $width i32)
    (local $step i32) (local $mask i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $step (i32.shl (i32.const 1) (local.get $indexShift)))
    (local.set $mask (select (i32.const 0xffff) (i32.const -1) (i32.eq (local.get $indexShift) (i32.const 1))))
    (local.set $row (local.get $rowStart))
    (block $rowsDone
      (loop $rowStep
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
        (local.set $slotStart (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $index (i32.add (local.get $columnIndices) (i32.shl (local.get $slotStart) (local.get $indexShift))))
        (local.set $value (i32.add (local.get $values) (i32.shl (local.get $slotStart) (i32.const 2))))
        (local.set $indexEnd (i32.add (local.get $columnIndices) (i32.shl
          (i32.load offset=4 (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2))))
          (local.get $indexShift))))
        (local.set $yRow (i32.add (local.get $y) (i32.mul (local.get $row) (local.get $stride))))
        (local.set $column (i32.const 0))
        (block $columnsDone
          (loop $columnStep
            (br_if $columnsDone (i32.ge_u (local.get $column) (local.get $n)))
            ;; The widest chunk of 32, 24, 20, 16, 12, 8 or 4 columns that fits in the columns left.
            (local.set $remaining (i32.sub (local.get $n) (local.get $column)))
            (local.set $width (i32.and (local.get $remaining) (i32.const -4)))
            (if (i32.gt_u (local.get $width) (i32.const 32)) (then (local.set $width (i32.const 32))))
            (if (i32.eq (local.get $width) (i32.const 28)) (then (local.set $width (i32.const 24))))
            (if (i32.eqz (local.get $width))
              (then
                ;; Fewer than 4 columns left: one chunk of 4 ending at column n, overlapping columns
                ;; already written (rewritten with the same bits: the same sums in the same order),
                ;; or single columns when n itself is under 4.
                (if (i32.ge_u (local.get $n) (i32.const 4))
                  (then
                    (call $chunk (i32.const 4) (local.get $index) (local.get $indexEnd) (local.get $value)
                      (local.get $x) (local.get $stride) (local.get $yRow)
                      (i32.shl (i32.sub (local.get $n) (i32.const 4)) (i32.const 2)) (local.get $step) (local.get $mask))
                    (br $columnsDone)))
                (local.set $width (i32.const 1))))
            (call $chunk (local.get $width) (local.get $index) (local.get $indexEnd) (local.get $value)
              (local.get $x) (local.get $stride) (local.get $yRow) (i32.shl (local.get $column) (i32.const 2))
              (local.get $step) (local.get $mask))
            (local.set $column (i32.add (local.get $column) (local.get $width)))
            (br $columnStep)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowStep))))

  ;; Aᵀ built from A on the threads (a counting sort by column), in two passes over bands of A's rows.
  ;; countColumns: counts[c] += the slots of column c in rows [rowStart, rowEnd) (counts cleared here).
  (func (export "countColumns")
    (param $rowPointers i32) (param $columnIndices i32) (param $indexShift i32) (param $columns i32)
    (param $rowStart i32) (param $rowEnd i32) (param $counts i32)
    (local $index i32) (local $indexEnd i32) (local $step i32) (local $mask i32) (local $cell i32) (local $cellEnd i32)
    (local.set $step (i32.shl (i32.const 1) (local.get $indexShift)))
    (local.set $mask (select (i32.const 0xffff) (i32.const -1) (i32.eq (local.get $indexShift) (i32.const 1))))
    (local.set $cell (local.get $counts))
    (local.set $cellEnd (i32.add (local.get $counts) (i32.shl (local.get $columns) (i32.const 2))))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $cell) (local.get $cellEnd)))
        (i32.store (local.get $cell) (i32.const 0))
        (local.set $cell (i32.add (local.get $cell) (i32.const 4)))
        (br $clear)))
    (local.set $index (i32.add (local.get $columnIndices) (i32.shl
      (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $rowStart) (i32.const 2)))) (local.get $indexShift))))
    (local.set $indexEnd (i32.add (local.get $columnIndices) (i32.shl
      (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $rowEnd) (i32.const 2)))) (local.get $indexShift))))
    (block $done
      (loop $slot
        (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
        (local.set $cell (i32.add (local.get $counts) (i32.shl
          (i32.and (i32.load (local.get $index)) (local.get $mask)) (i32.const 2))))
        (i32.store (local.get $cell) (i32.add (i32.load (local.get $cell)) (i32.const 1)))
        (local.set $index (i32.add (local.get $index) (local.get $step)))
        (br $slot))))

  ;; scatterTranspose: each slot of rows [rowStart, rowEnd), in row order, to the next free slot of
  ;; its column's row of Aᵀ: positions[c] (u32, advanced here) holds that slot, set by the caller to
  ;; where this band's part of row c begins. So each row of Aᵀ lists A's rows in ascending order.
  (func (export "scatterTranspose")
    (param $rowPointers i32) (param $columnIndices i32) (param $values i32) (param $indexShift i32)
    (param $rowStart i32) (param $rowEnd i32) (param $positions i32)
    (param $outIndices i32) (param $outIndexShift i32) (param $outValues i32)
    (local $row i32) (local $index i32) (local $indexEnd i32) (local $value i32) (local $step i32) (local $mask i32)
    (local $cell i32) (local $slot i32)
    (local.set $step (i32.shl (i32.const 1) (local.get $indexShift)))
    (local.set $mask (select (i32.const 0xffff) (i32.const -1) (i32.eq (local.get $indexShift) (i32.const 1))))
    (local.set $row (local.get $rowStart))
    (block $rowsDone
      (loop $rowStep
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
        (local.set $slot (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $index (i32.add (local.get $columnIndices) (i32.shl (local.get $slot) (local.get $indexShift))))
        (local.set $value (i32.add (local.get $values) (i32.shl (local.get $slot) (i32.const 2))))
        (local.set $indexEnd (i32.add (local.get $columnIndices) (i32.shl
          (i32.load offset=4 (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))) (local.get $indexShift))))
        (block $slotsDone
          (loop $slotStep
            (br_if $slotsDone (i32.ge_u (local.get $index) (local.get $indexEnd)))
            (local.set $cell (i32.add (local.get $positions) (i32.shl
              (i32.and (i32.load (local.get $index)) (local.get $mask)) (i32.const 2))))
            (local.set $slot (i32.load (local.get $cell)))
            (i32.store (local.get $cell) (i32.add (local.get $slot) (i32.const 1)))
            (if (i32.eq (local.get $outIndexShift) (i32.const 1))
              (then (i32.store16 (i32.add (local.get $outIndices) (i32.shl (local.get $slot) (i32.const 1))) (local.get $row)))
              (else (i32.store (i32.add (local.get $outIndices) (i32.shl (local.get $slot) (i32.const 2))) (local.get $row))))
            (f32.store (i32.add (local.get $outValues) (i32.shl (local.get $slot) (i32.const 2))) (f32.load (local.get $value)))
            (local.set $index (i32.add (local.get $index) (local.get $step)))
            (local.set $value (i32.add (local.get $value) (i32.const 4)))
            (br $slotStep)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowStep))))
)
