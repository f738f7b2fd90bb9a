;; Partial Gram matrices G = YᵀY of a tall-skinny row-major Y (rows×n), one float64 partial per
;; block of blockRows rows: partial b sums the outer products Y[r,:]ᵀ·Y[r,:] of rows
;; [b·blockRows, (b+1)·blockRows) into width×width f64 at partials + b·width²·8, width = n rounded
;; up to a multiple of 8. Tiles on the right and bottom edges read past column n (into the next row,
;; and up to 7 floats past Y's end, which the caller leaves readable): those reads only reach G's
;; cells past n, which the caller drops. The caller adds the partials in block order, so G does not
;; depend on how the blocks were split among threads.
;;
;; Inside a block, rows go in chunks of 64: each 4×8 tile of G sums a chunk in f32x4 registers
;; (4 splatted Y[r, i..i+3], 2 vectors of Y[r, j..j+8], 32 multiply-adds per row) and then adds the
;; chunk's sums into the f64 partial. Float32 sums of 64 products, float64 beyond: G is far more
;; accurate than a float32 matmul over 22 k rows, which Cholesky-QR needs (it squares κ(Y)). A chunk
;; (64×width floats) stays in L1/L2 while every tile reads it. Only tiles that reach the upper
;; triangle (j + 8 > i) are computed; the caller mirrors it.
;;
;; All pointers are byte offsets into the pool's shared memory. The maximum (65536 pages = 4 GiB)
;; must equal the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; f64 out[0..4) += the four f32 lanes of v.
  (func $addToF64 (param $out i32) (param $v v128)
    (v128.store align=8 (local.get $out)
      (f64x2.add (v128.load align=8 (local.get $out)) (f64x2.promote_low_f32x4 (local.get $v))))
    (v128.store offset=16 align=8 (local.get $out)
      (f64x2.add (v128.load offset=16 align=8 (local.get $out))
        (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v))))))

  ;; G[i..i+4, j..j+8] += Σ over `count` rows of Y[r, i..i+4]ᵀ·Y[r, j..j+8]. a, b: Y[first row, i]
  ;; and Y[first row, j]; stride: Y's row length in bytes; out: the partial's G[i, j]; outStride:
  ;; its row length in bytes.
  (func $tile4x8
    (param $a i32) (param $b i32) (param $count i32) (param $stride i32) (param $out i32) (param $outStride i32)
    (local $end i32) (local $b0 v128) (local $b1 v128) (local $s v128)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $count) (local.get $stride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $b0 (v128.load align=4 (local.get $b)))
        (local.set $b1 (v128.load offset=16 align=4 (local.get $b)))
        (local.set $s (v128.load32_splat align=4 (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat offset=4 align=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat offset=8 align=4 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $s (v128.load32_splat offset=12 align=4 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $s) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $s) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $stride)))
        (local.set $b (i32.add (local.get $b) (local.get $stride)))
        (br_if $row (i32.lt_u (local.get $a) (local.get $end)))))
    (call $addToF64 (local.get $out) (local.get $c00))
    (call $addToF64 (i32.add (local.get $out) (i32.const 32)) (local.get $c01))
    (local.set $out (i32.add (local.get $out) (local.get $outStride)))
    (call $addToF64 (local.get $out) (local.get $c10))
    (call $addToF64 (i32.add (local.get $out) (i32.const 32)) (local.get $c11))
    (local.set $out (i32.add (local.get $out) (local.get $outStride)))
    (call $addToF64 (local.get $out) (local.get $c20))
    (call $addToF64 (i32.add (local.get $out) (i32.const 32)) (local.get $c21))
    (local.set $out (i32.add (local.get $out) (local.get $outStride)))
    (call $addToF64 (local.get $out) (local.get $c30))
    (call $addToF64 (i32.add (local.get $out) (i32.const 32)) (local.get $c31)))

  ;; y: Y's first row; n: Y's columns; width: n rounded up to a multiple of 8; rows: Y's rows;
  ;; blocks [blockStart, blockEnd) of blockRows rows each (the last may be short) are summed.
  (func (export "gram")
    (param $y i32) (param $n i32) (param $width i32) (param $rows i32) (param $blockRows i32)
    (param $blockStart i32) (param $blockEnd i32) (param $partials i32)
    (local $block i32) (local $out i32) (local $outEnd i32) (local $stride i32) (local $outStride i32)
    (local $row i32) (local $rowEnd i32) (local $chunkEnd i32) (local $chunkBase i32)
    (local $i i32) (local $j i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $outStride (i32.shl (local.get $width) (i32.const 3)))
    (local.set $block (local.get $blockStart))
    (block $blocksDone
      (loop $blockStep
        (br_if $blocksDone (i32.ge_u (local.get $block) (local.get $blockEnd)))
        (local.set $out (i32.add (local.get $partials)
          (i32.mul (local.get $block) (i32.mul (local.get $width) (local.get $outStride)))))
        ;; Clear this block's partial.
        (local.set $outEnd (i32.add (local.get $out) (i32.mul (local.get $width) (local.get $outStride))))
        (local.set $i (local.get $out))
        (block $cleared
          (loop $clear
            (br_if $cleared (i32.ge_u (local.get $i) (local.get $outEnd)))
            (v128.store align=8 (local.get $i) (v128.const i64x2 0 0))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $clear)))
        (local.set $row (i32.mul (local.get $block) (local.get $blockRows)))
        (local.set $rowEnd (i32.add (local.get $row) (local.get $blockRows)))
        (if (i32.gt_u (local.get $rowEnd) (local.get $rows)) (then (local.set $rowEnd (local.get $rows))))
        (block $chunksDone
          (loop $chunk
            (br_if $chunksDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
            (local.set $chunkEnd (i32.add (local.get $row) (i32.const 64)))
            (if (i32.gt_u (local.get $chunkEnd) (local.get $rowEnd)) (then (local.set $chunkEnd (local.get $rowEnd))))
            (local.set $chunkBase (i32.add (local.get $y) (i32.mul (local.get $row) (local.get $stride))))
            (local.set $i (i32.const 0))
            (block $iDone
              (loop $iStep
                (br_if $iDone (i32.ge_u (local.get $i) (local.get $width)))
                ;; The first 8-column tile that reaches the diagonal.
                (local.set $j (i32.and (local.get $i) (i32.const -8)))
                (block $jDone
                  (loop $jStep
                    (br_if $jDone (i32.ge_u (local.get $j) (local.get $width)))
                    (call $tile4x8
                      (i32.add (local.get $chunkBase) (i32.shl (local.get $i) (i32.const 2)))
                      (i32.add (local.get $chunkBase) (i32.shl (local.get $j) (i32.const 2)))
                      (i32.sub (local.get $chunkEnd) (local.get $row))
                      (local.get $stride)
                      (i32.add (local.get $out) (i32.add
                        (i32.mul (local.get $i) (local.get $outStride)) (i32.shl (local.get $j) (i32.const 3))))
                      (local.get $outStride))
                    (local.set $j (i32.add (local.get $j) (i32.const 8)))
                    (br $jStep)))
                (local.set $i (i32.add (local.get $i) (i32.const 4)))
                (br $iStep)))
            (local.set $row (local.get $chunkEnd))
            (br $chunk)))
        (local.set $block (i32.add (local.get $block) (i32.const 1)))
        (br $blockStep)))))
