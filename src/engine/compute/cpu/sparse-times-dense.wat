;; Y(rows×n) = A·X for a CSR matrix A and a row-major X (cols×n), for the rows [rowStart, rowEnd) of Y.
;;
;; Y row r = Σ over A's slots s of row r of values[s]·X[columnIndices[s], :]. A row of Y is built in
;; column chunks of 32 floats held in eight f32x4 registers while the row's slots stream past, then
;; stored once; the last n mod 32 columns take one more chunk (the narrowest of 32, 16, 8 or 4
;; floats that covers them) that ends at column n and overlaps the chunk before it (n = 110: 32 + 32 + 32 + 16, four passes over the
;; slots); only n < 4 goes a column at a time. Each chunk walks the row's slots again, but the X
;; rows they gather are then in cache. A cell's sum is accumulated in f32 in slot order whichever
;; chunk or thread computes it: results do not depend on the thread count. Rows without non-zeros are written as zeros, so Y need not be cleared first.
;;
;; Aᵀ·X runs this same kernel on the transposed CSR matrix (built once by the caller): a scatter over
;; A's rows would need atomics or per-thread copies of Y.
;;
;; All pointers are byte offsets into the pool's shared memory; rowPointers and columnIndices are
;; u32, values, X and Y f32. The maximum (65536 pages = 4 GiB) must equal the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; One chunk of 32 columns: index and value walk the row's slots up to indexEnd; x and y point at
  ;; the chunk's first column of X's row 0 and of Y's row; stride is X's row length in bytes.
  (func $chunk32
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (local $s v128) (local $p i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (local $c4 v128) (local $c5 v128) (local $c6 v128) (local $c7 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.load (local.get $index)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $p)))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (local.get $s) (v128.load offset=64 align=4 (local.get $p)))))
        (local.set $c5 (f32x4.add (local.get $c5) (f32x4.mul (local.get $s) (v128.load offset=80 align=4 (local.get $p)))))
        (local.set $c6 (f32x4.add (local.get $c6) (f32x4.mul (local.get $s) (v128.load offset=96 align=4 (local.get $p)))))
        (local.set $c7 (f32x4.add (local.get $c7) (f32x4.mul (local.get $s) (v128.load offset=112 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (i32.const 4)))
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

  (func $chunk16
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (local $s v128) (local $p i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.load (local.get $index)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (local.get $s) (v128.load offset=32 align=4 (local.get $p)))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (local.get $s) (v128.load offset=48 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (i32.const 4)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1))
    (v128.store offset=32 align=4 (local.get $y) (local.get $c2))
    (v128.store offset=48 align=4 (local.get $y) (local.get $c3)))

  (func $chunk8
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (local $s v128) (local $p i32) (local $c0 v128) (local $c1 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $s (v128.load32_splat align=4 (local.get $value)))
        (local.set $p (i32.add (local.get $x) (i32.mul (i32.load (local.get $index)) (local.get $stride))))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (local.get $s) (v128.load align=4 (local.get $p)))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (local.get $s) (v128.load offset=16 align=4 (local.get $p)))))
        (local.set $index (i32.add (local.get $index) (i32.const 4)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0))
    (v128.store offset=16 align=4 (local.get $y) (local.get $c1)))

  (func $chunk4
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (local $c0 v128)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul
          (v128.load32_splat align=4 (local.get $value))
          (v128.load align=4 (i32.add (local.get $x) (i32.mul (i32.load (local.get $index)) (local.get $stride)))))))
        (local.set $index (i32.add (local.get $index) (i32.const 4)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (v128.store align=4 (local.get $y) (local.get $c0)))

  (func $chunk1
    (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (local $sum f32)
    (block $done
      (br_if $done (i32.ge_u (local.get $index) (local.get $indexEnd)))
      (loop $slot
        (local.set $sum (f32.add (local.get $sum) (f32.mul
          (f32.load (local.get $value))
          (f32.load (i32.add (local.get $x) (i32.mul (i32.load (local.get $index)) (local.get $stride)))))))
        (local.set $index (i32.add (local.get $index) (i32.const 4)))
        (local.set $value (i32.add (local.get $value) (i32.const 4)))
        (br_if $slot (i32.lt_u (local.get $index) (local.get $indexEnd)))))
    (f32.store (local.get $y) (local.get $sum)))

  ;; One chunk of `width` columns (32, 16, 8, 4 or 1) starting at byte offset `offset` of the rows.
  (func $chunk
    (param $width i32) (param $index i32) (param $indexEnd i32) (param $value i32) (param $x i32) (param $stride i32) (param $y i32)
    (param $offset i32)
    (local.set $x (i32.add (local.get $x) (local.get $offset)))
    (local.set $y (i32.add (local.get $y) (local.get $offset)))
    (if (i32.eq (local.get $width) (i32.const 32))
      (then (call $chunk32 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y)) (return)))
    (if (i32.eq (local.get $width) (i32.const 16))
      (then (call $chunk16 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y)) (return)))
    (if (i32.eq (local.get $width) (i32.const 8))
      (then (call $chunk8 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y)) (return)))
    (if (i32.eq (local.get $width) (i32.const 4))
      (then (call $chunk4 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y)) (return)))
    (call $chunk1 (local.get $index) (local.get $indexEnd) (local.get $value) (local.get $x) (local.get $stride) (local.get $y)))

  ;; rowPointers, columnIndices, values: A's CSR arrays; x, y: X and Y; n: columns of X and Y.
  (func (export "csrTimesDense")
    (param $rowPointers i32) (param $columnIndices i32) (param $values i32) (param $x i32) (param $y i32)
    (param $n i32) (param $rowStart i32) (param $rowEnd i32)
    (local $row i32) (local $stride i32) (local $slotStart i32) (local $index i32) (local $indexEnd i32)
    (local $value i32) (local $yRow i32) (local $column i32) (local $remaining i32) (local $width i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $row (local.get $rowStart))
    (block $rowsDone
      (loop $rowStep
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
        (local.set $slotStart (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $index (i32.add (local.get $columnIndices) (i32.shl (local.get $slotStart) (i32.const 2))))
        (local.set $value (i32.add (local.get $values) (i32.shl (local.get $slotStart) (i32.const 2))))
        (local.set $indexEnd (i32.add (local.get $columnIndices) (i32.shl
          (i32.load offset=4 (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2))))
          (i32.const 2))))
        (local.set $yRow (i32.add (local.get $y) (i32.mul (local.get $row) (local.get $stride))))
        (local.set $column (i32.const 0))
        (block $columnsDone
          (loop $columnStep
            (br_if $columnsDone (i32.ge_u (local.get $column) (local.get $n)))
            (local.set $remaining (i32.sub (local.get $n) (local.get $column)))
            (local.set $width (i32.const 32))
            (if (i32.lt_u (local.get $remaining) (i32.const 32))
              (then
                ;; The last columns: the narrowest chunk that covers them, ending at column n and
                ;; overlapping columns already written (rewritten with the same bits: the same sums
                ;; in the same order) …
                (local.set $width
                  (select (i32.const 4)
                    (select (i32.const 8)
                      (select (i32.const 16) (i32.const 32) (i32.le_u (local.get $remaining) (i32.const 16)))
                      (i32.le_u (local.get $remaining) (i32.const 8)))
                    (i32.le_u (local.get $remaining) (i32.const 4))))
                (if (i32.le_u (local.get $width) (local.get $n))
                  (then
                    (call $chunk (local.get $width) (local.get $index) (local.get $indexEnd) (local.get $value)
                      (local.get $x) (local.get $stride) (local.get $yRow)
                      (i32.shl (i32.sub (local.get $n) (local.get $width)) (i32.const 2)))
                    (br $columnsDone)))
                ;; … or, when n itself is narrower than that chunk, the widest chunk that fits.
                (local.set $width
                  (select (i32.const 16)
                    (select (i32.const 8)
                      (select (i32.const 4) (i32.const 1) (i32.ge_u (local.get $remaining) (i32.const 4)))
                      (i32.ge_u (local.get $remaining) (i32.const 8)))
                    (i32.ge_u (local.get $remaining) (i32.const 16))))))
            (call $chunk (local.get $width) (local.get $index) (local.get $indexEnd) (local.get $value)
              (local.get $x) (local.get $stride) (local.get $yRow) (i32.shl (local.get $column) (i32.const 2)))
            (local.set $column (i32.add (local.get $column) (local.get $width)))
            (br $columnStep)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowStep)))))
