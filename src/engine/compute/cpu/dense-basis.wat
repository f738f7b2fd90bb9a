;; Products with a tall basis P (rows × K, row-major, its rows pStride bytes apart: the first K
;; columns of a wider block that grows a block of columns at a time) for the block Krylov SVD's
;; Gram–Schmidt (cpu/dense-basis.ts). The $across and $down tiles are generated (scripts/
;; generate-dense-basis-tiles.ts); the drivers below them are written by hand.
;;
;; transposeTimes: C = Pᵀ·Z (K×n) for Z (rows×n), straight from P's rows: no Pᵀ is kept. The rows go
;; in blocks of 256: a 2×w tile of C (w = 20, 16, 8 or 4 columns; 2 or 1 of P's columns) sums its
;; block's rows in registers, then adds the block's sums into C. So P streams through once, the
;; block of Z (256·n floats) stays in L1 while every tile reads it, and C(k, j) is the same sum in the
;; same order (blocks in row order, rows in order within a block) whichever thread computes it:
;; threads take bands of C's rows (P's columns).
;;
;; times: Y = P·X (rows×n) for X (K×n), or Y = Z − P·X with `subtract` (Gram–Schmidt's update, in
;; place when y = z). A 2×w tile of Y walks P's two rows and X's rows once; threads take bands of
;; Y's rows. Each cell sums k = 0..K−1 in order.
;;
;; append: copies a block (rows×n) into P's next n columns, each thread a band of rows.
;;
;; columnNorms: the squared column norms of Z in float64, per 256-row block (the caller adds the
;; blocks in order, so the sums do not depend on the thread count): Gram–Schmidt's Pythagoras test.
;;
;; Z, C, X and Y are row-major with n a multiple of 4 (the caller pads); all pointers are byte offsets
;; into the pool's shared memory, 4-byte aligned. The maximum (65536 pages = 4 GiB) must equal the one
;; the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; --- generated tiles (scripts/generate-dense-basis-tiles.ts) ---
  ;; 2×20 tile of C += P[rows, k..k+2]ᵀ·Z[rows, j..j+20]
  (func $across2x20
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a04 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128) (local $a14 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat offset=4 align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $z)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $z)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a12 (f32x4.add (local.get $a12) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $z)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a13 (f32x4.add (local.get $a13) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=64 align=4 (local.get $z)))
        (local.set $a04 (f32x4.add (local.get $a04) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a14 (f32x4.add (local.get $a14) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a01)))
    (v128.store offset=32 align=4 (local.get $c) (f32x4.add (v128.load offset=32 align=4 (local.get $c)) (local.get $a02)))
    (v128.store offset=48 align=4 (local.get $c) (f32x4.add (v128.load offset=48 align=4 (local.get $c)) (local.get $a03)))
    (v128.store offset=64 align=4 (local.get $c) (f32x4.add (v128.load offset=64 align=4 (local.get $c)) (local.get $a04)))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a10)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a11)))
    (v128.store offset=32 align=4 (local.get $c) (f32x4.add (v128.load offset=32 align=4 (local.get $c)) (local.get $a12)))
    (v128.store offset=48 align=4 (local.get $c) (f32x4.add (v128.load offset=48 align=4 (local.get $c)) (local.get $a13)))
    (v128.store offset=64 align=4 (local.get $c) (f32x4.add (v128.load offset=64 align=4 (local.get $c)) (local.get $a14))))

  ;; 1×20 tile of C += P[rows, k..k+1]ᵀ·Z[rows, j..j+20]
  (func $across1x20
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a04 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $z)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $z)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $z)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=64 align=4 (local.get $z)))
        (local.set $a04 (f32x4.add (local.get $a04) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a01)))
    (v128.store offset=32 align=4 (local.get $c) (f32x4.add (v128.load offset=32 align=4 (local.get $c)) (local.get $a02)))
    (v128.store offset=48 align=4 (local.get $c) (f32x4.add (v128.load offset=48 align=4 (local.get $c)) (local.get $a03)))
    (v128.store offset=64 align=4 (local.get $c) (f32x4.add (v128.load offset=64 align=4 (local.get $c)) (local.get $a04))))

  ;; 2×16 tile of C += P[rows, k..k+2]ᵀ·Z[rows, j..j+16]
  (func $across2x16
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat offset=4 align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $z)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $z)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a12 (f32x4.add (local.get $a12) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $z)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a13 (f32x4.add (local.get $a13) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a01)))
    (v128.store offset=32 align=4 (local.get $c) (f32x4.add (v128.load offset=32 align=4 (local.get $c)) (local.get $a02)))
    (v128.store offset=48 align=4 (local.get $c) (f32x4.add (v128.load offset=48 align=4 (local.get $c)) (local.get $a03)))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a10)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a11)))
    (v128.store offset=32 align=4 (local.get $c) (f32x4.add (v128.load offset=32 align=4 (local.get $c)) (local.get $a12)))
    (v128.store offset=48 align=4 (local.get $c) (f32x4.add (v128.load offset=48 align=4 (local.get $c)) (local.get $a13))))

  ;; 1×16 tile of C += P[rows, k..k+1]ᵀ·Z[rows, j..j+16]
  (func $across1x16
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $z)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $z)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $z)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a01)))
    (v128.store offset=32 align=4 (local.get $c) (f32x4.add (v128.load offset=32 align=4 (local.get $c)) (local.get $a02)))
    (v128.store offset=48 align=4 (local.get $c) (f32x4.add (v128.load offset=48 align=4 (local.get $c)) (local.get $a03))))

  ;; 2×8 tile of C += P[rows, k..k+2]ᵀ·Z[rows, j..j+8]
  (func $across2x8
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat offset=4 align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $z)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a01)))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a10)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a11))))

  ;; 1×8 tile of C += P[rows, k..k+1]ᵀ·Z[rows, j..j+8]
  (func $across1x8
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128) (local $a01 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $z)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (v128.store offset=16 align=4 (local.get $c) (f32x4.add (v128.load offset=16 align=4 (local.get $c)) (local.get $a01))))

  ;; 2×4 tile of C += P[rows, k..k+2]ᵀ·Z[rows, j..j+4]
  (func $across2x4
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a10 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat offset=4 align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00)))
    (local.set $c (i32.add (local.get $c) (local.get $cStride)))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a10))))

  ;; 1×4 tile of C += P[rows, k..k+1]ᵀ·Z[rows, j..j+4]
  (func $across1x4
    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128)
    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))
    (block $done
      (br_if $done (i32.eqz (local.get $count)))
      (loop $row
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $z)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (local.get $pStride)))
        (local.set $z (i32.add (local.get $z) (local.get $zStride)))
        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))
    (v128.store align=4 (local.get $c) (f32x4.add (v128.load align=4 (local.get $c)) (local.get $a00))))

  ;; 2×20 tile of Y = P[r..r+2, 0..k]·X[0..k, j..j+20], or of Y = Z − that
  (func $down2x20
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a04 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128) (local $a14 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat align=4 (i32.add (local.get $p) (local.get $pStride))))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $x)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $x)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a12 (f32x4.add (local.get $a12) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $x)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a13 (f32x4.add (local.get $a13) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=64 align=4 (local.get $x)))
        (local.set $a04 (f32x4.add (local.get $a04) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a14 (f32x4.add (local.get $a14) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a01 (f32x4.sub (v128.load offset=16 align=4 (local.get $z)) (local.get $a01)))
        (local.set $a02 (f32x4.sub (v128.load offset=32 align=4 (local.get $z)) (local.get $a02)))
        (local.set $a03 (f32x4.sub (v128.load offset=48 align=4 (local.get $z)) (local.get $a03)))
        (local.set $a04 (f32x4.sub (v128.load offset=64 align=4 (local.get $z)) (local.get $a04)))
        (local.set $a10 (f32x4.sub (v128.load align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a10)))
        (local.set $a11 (f32x4.sub (v128.load offset=16 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a11)))
        (local.set $a12 (f32x4.sub (v128.load offset=32 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a12)))
        (local.set $a13 (f32x4.sub (v128.load offset=48 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a13)))
        (local.set $a14 (f32x4.sub (v128.load offset=64 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a14)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store offset=16 align=4 (local.get $y) (local.get $a01))
    (v128.store offset=32 align=4 (local.get $y) (local.get $a02))
    (v128.store offset=48 align=4 (local.get $y) (local.get $a03))
    (v128.store offset=64 align=4 (local.get $y) (local.get $a04))
    (v128.store align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a10))
    (v128.store offset=16 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a11))
    (v128.store offset=32 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a12))
    (v128.store offset=48 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a13))
    (v128.store offset=64 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a14)))

  ;; 1×20 tile of Y = P[r..r+1, 0..k]·X[0..k, j..j+20], or of Y = Z − that
  (func $down1x20
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a04 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $x)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $x)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $x)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=64 align=4 (local.get $x)))
        (local.set $a04 (f32x4.add (local.get $a04) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a01 (f32x4.sub (v128.load offset=16 align=4 (local.get $z)) (local.get $a01)))
        (local.set $a02 (f32x4.sub (v128.load offset=32 align=4 (local.get $z)) (local.get $a02)))
        (local.set $a03 (f32x4.sub (v128.load offset=48 align=4 (local.get $z)) (local.get $a03)))
        (local.set $a04 (f32x4.sub (v128.load offset=64 align=4 (local.get $z)) (local.get $a04)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store offset=16 align=4 (local.get $y) (local.get $a01))
    (v128.store offset=32 align=4 (local.get $y) (local.get $a02))
    (v128.store offset=48 align=4 (local.get $y) (local.get $a03))
    (v128.store offset=64 align=4 (local.get $y) (local.get $a04)))

  ;; 2×16 tile of Y = P[r..r+2, 0..k]·X[0..k, j..j+16], or of Y = Z − that
  (func $down2x16
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128) (local $a10 v128) (local $a11 v128) (local $a12 v128) (local $a13 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat align=4 (i32.add (local.get $p) (local.get $pStride))))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $x)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $x)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a12 (f32x4.add (local.get $a12) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $x)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a13 (f32x4.add (local.get $a13) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a01 (f32x4.sub (v128.load offset=16 align=4 (local.get $z)) (local.get $a01)))
        (local.set $a02 (f32x4.sub (v128.load offset=32 align=4 (local.get $z)) (local.get $a02)))
        (local.set $a03 (f32x4.sub (v128.load offset=48 align=4 (local.get $z)) (local.get $a03)))
        (local.set $a10 (f32x4.sub (v128.load align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a10)))
        (local.set $a11 (f32x4.sub (v128.load offset=16 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a11)))
        (local.set $a12 (f32x4.sub (v128.load offset=32 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a12)))
        (local.set $a13 (f32x4.sub (v128.load offset=48 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a13)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store offset=16 align=4 (local.get $y) (local.get $a01))
    (v128.store offset=32 align=4 (local.get $y) (local.get $a02))
    (v128.store offset=48 align=4 (local.get $y) (local.get $a03))
    (v128.store align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a10))
    (v128.store offset=16 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a11))
    (v128.store offset=32 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a12))
    (v128.store offset=48 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a13)))

  ;; 1×16 tile of Y = P[r..r+1, 0..k]·X[0..k, j..j+16], or of Y = Z − that
  (func $down1x16
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128) (local $a01 v128) (local $a02 v128) (local $a03 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $x)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=32 align=4 (local.get $x)))
        (local.set $a02 (f32x4.add (local.get $a02) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=48 align=4 (local.get $x)))
        (local.set $a03 (f32x4.add (local.get $a03) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a01 (f32x4.sub (v128.load offset=16 align=4 (local.get $z)) (local.get $a01)))
        (local.set $a02 (f32x4.sub (v128.load offset=32 align=4 (local.get $z)) (local.get $a02)))
        (local.set $a03 (f32x4.sub (v128.load offset=48 align=4 (local.get $z)) (local.get $a03)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store offset=16 align=4 (local.get $y) (local.get $a01))
    (v128.store offset=32 align=4 (local.get $y) (local.get $a02))
    (v128.store offset=48 align=4 (local.get $y) (local.get $a03)))

  ;; 2×8 tile of Y = P[r..r+2, 0..k]·X[0..k, j..j+8], or of Y = Z − that
  (func $down2x8
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a01 v128) (local $a10 v128) (local $a11 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat align=4 (i32.add (local.get $p) (local.get $pStride))))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $x)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a11 (f32x4.add (local.get $a11) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a01 (f32x4.sub (v128.load offset=16 align=4 (local.get $z)) (local.get $a01)))
        (local.set $a10 (f32x4.sub (v128.load align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a10)))
        (local.set $a11 (f32x4.sub (v128.load offset=16 align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a11)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store offset=16 align=4 (local.get $y) (local.get $a01))
    (v128.store align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a10))
    (v128.store offset=16 align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a11)))

  ;; 1×8 tile of Y = P[r..r+1, 0..k]·X[0..k, j..j+8], or of Y = Z − that
  (func $down1x8
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128) (local $a01 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $v (v128.load offset=16 align=4 (local.get $x)))
        (local.set $a01 (f32x4.add (local.get $a01) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a01 (f32x4.sub (v128.load offset=16 align=4 (local.get $z)) (local.get $a01)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store offset=16 align=4 (local.get $y) (local.get $a01)))

  ;; 2×4 tile of Y = P[r..r+2, 0..k]·X[0..k, j..j+4], or of Y = Z − that
  (func $down2x4
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $s1 v128) (local $a00 v128) (local $a10 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $s1 (v128.load32_splat align=4 (i32.add (local.get $p) (local.get $pStride))))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $a10 (f32x4.add (local.get $a10) (f32x4.mul (local.get $s1) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))
        (local.set $a10 (f32x4.sub (v128.load align=4 (i32.add (local.get $z) (local.get $yStride))) (local.get $a10)))))
    (v128.store align=4 (local.get $y) (local.get $a00))
    (v128.store align=4 (i32.add (local.get $y) (local.get $yStride)) (local.get $a10)))

  ;; 1×4 tile of Y = P[r..r+1, 0..k]·X[0..k, j..j+4], or of Y = Z − that
  (func $down1x4
    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)
    (local $end i32) (local $v v128) (local $s0 v128) (local $a00 v128)
    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))
    (block $done
      (br_if $done (i32.eqz (local.get $k)))
      (loop $step
        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))
        (local.set $v (v128.load align=4 (local.get $x)))
        (local.set $a00 (f32x4.add (local.get $a00) (f32x4.mul (local.get $s0) (local.get $v))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $x (i32.add (local.get $x) (local.get $xStride)))
        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))
    (if (local.get $subtract)
      (then
        (local.set $a00 (f32x4.sub (v128.load align=4 (local.get $z)) (local.get $a00)))))
    (v128.store align=4 (local.get $y) (local.get $a00)))
  ;; --- end of generated tiles ---

  ;; One tile of C += P[rows, k..k+kt]ᵀ·Z[rows, j..j+w], kt = 2 or 1, w = 20, 16, 8 or 4.
  (func $across
    (param $kt i32) (param $w i32) (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32)
    (if (i32.eq (local.get $kt) (i32.const 2))
      (then
        (if (i32.eq (local.get $w) (i32.const 20)) (then (call $across2x20 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)) (return)))
        (if (i32.eq (local.get $w) (i32.const 16)) (then (call $across2x16 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)) (return)))
        (if (i32.eq (local.get $w) (i32.const 8)) (then (call $across2x8 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)) (return)))
        (call $across2x4 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride))
        (return)))
    (if (i32.eq (local.get $w) (i32.const 20)) (then (call $across1x20 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)) (return)))
    (if (i32.eq (local.get $w) (i32.const 16)) (then (call $across1x16 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)) (return)))
    (if (i32.eq (local.get $w) (i32.const 8)) (then (call $across1x8 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)) (return)))
    (call $across1x4 (local.get $p) (local.get $pStride) (local.get $z) (local.get $zStride) (local.get $count) (local.get $c) (local.get $zStride)))

  ;; One tile of Y[r..r+rt, j..j+w] = (Z −) P·X, rt = 2 or 1, w = 20, 16, 8 or 4.
  (func $down
    (param $rt i32) (param $w i32) (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $subtract i32)
    (if (i32.eq (local.get $rt) (i32.const 2))
      (then
        (if (i32.eq (local.get $w) (i32.const 20)) (then (call $down2x20 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)) (return)))
        (if (i32.eq (local.get $w) (i32.const 16)) (then (call $down2x16 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)) (return)))
        (if (i32.eq (local.get $w) (i32.const 8)) (then (call $down2x8 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)) (return)))
        (call $down2x4 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract))
        (return)))
    (if (i32.eq (local.get $w) (i32.const 20)) (then (call $down1x20 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)) (return)))
    (if (i32.eq (local.get $w) (i32.const 16)) (then (call $down1x16 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)) (return)))
    (if (i32.eq (local.get $w) (i32.const 8)) (then (call $down1x8 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)) (return)))
    (call $down1x4 (local.get $p) (local.get $pStride) (local.get $x) (local.get $xStride) (local.get $k) (local.get $y) (local.get $z) (local.get $xStride) (local.get $subtract)))

  ;; The widest tile width of 20, 16, 8 or 4 columns that fits in `left` (a multiple of 4).
  (func $width (param $left i32) (result i32)
    (if (i32.ge_u (local.get $left) (i32.const 20)) (then (return (i32.const 20))))
    (if (i32.ge_u (local.get $left) (i32.const 16)) (then (return (i32.const 16))))
    (if (i32.ge_u (local.get $left) (i32.const 8)) (then (return (i32.const 8))))
    (i32.const 4))

  ;; Rows [kStart, kEnd) of C (K×n, row-major) = P[:, kStart..kEnd]ᵀ·Z for Z (rows×n).
  (func (export "transposeTimes")
    (param $p i32) (param $pStride i32) (param $z i32) (param $c i32) (param $rows i32) (param $n i32)
    (param $kStart i32) (param $kEnd i32)
    (local $stride i32) (local $cell i32) (local $cellEnd i32) (local $block i32) (local $count i32)
    (local $k i32) (local $kt i32) (local $j i32) (local $w i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    ;; C's rows start at zero: the blocks add into them.
    (local.set $cell (i32.add (local.get $c) (i32.mul (local.get $kStart) (local.get $stride))))
    (local.set $cellEnd (i32.add (local.get $c) (i32.mul (local.get $kEnd) (local.get $stride))))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $cell) (local.get $cellEnd)))
        (v128.store align=4 (local.get $cell) (v128.const i32x4 0 0 0 0))
        (local.set $cell (i32.add (local.get $cell) (i32.const 16)))
        (br $clear)))
    (local.set $block (i32.const 0))
    (block $blocksDone
      (loop $blockStep
        (br_if $blocksDone (i32.ge_u (local.get $block) (local.get $rows)))
        (local.set $count (i32.sub (local.get $rows) (local.get $block)))
        (if (i32.gt_u (local.get $count) (i32.const 256)) (then (local.set $count (i32.const 256))))
        (local.set $k (local.get $kStart))
        (block $columnsDone
          (loop $columnStep
            (br_if $columnsDone (i32.ge_u (local.get $k) (local.get $kEnd)))
            (local.set $kt (select (i32.const 2) (i32.const 1) (i32.ge_u (i32.sub (local.get $kEnd) (local.get $k)) (i32.const 2))))
            (local.set $j (i32.const 0))
            (block $chunksDone
              (loop $chunkStep
                (br_if $chunksDone (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $w (call $width (i32.sub (local.get $n) (local.get $j))))
                (call $across (local.get $kt) (local.get $w)
                  (i32.add (local.get $p) (i32.add (i32.mul (local.get $block) (local.get $pStride)) (i32.shl (local.get $k) (i32.const 2))))
                  (local.get $pStride)
                  (i32.add (local.get $z) (i32.add (i32.mul (local.get $block) (local.get $stride)) (i32.shl (local.get $j) (i32.const 2))))
                  (local.get $stride) (local.get $count)
                  (i32.add (local.get $c) (i32.add (i32.mul (local.get $k) (local.get $stride)) (i32.shl (local.get $j) (i32.const 2)))))
                (local.set $j (i32.add (local.get $j) (local.get $w)))
                (br $chunkStep)))
            (local.set $k (i32.add (local.get $k) (local.get $kt)))
            (br $columnStep)))
        (local.set $block (i32.add (local.get $block) (local.get $count)))
        (br $blockStep))))

  ;; Rows [rowStart, rowEnd) of Y (rows×n) = P[:, 0..k]·X for X (k×n), or = Z − P·X when subtract ≠ 0
  ;; (y may equal z).
  (func (export "times")
    (param $p i32) (param $pStride i32) (param $k i32) (param $x i32) (param $y i32) (param $z i32) (param $n i32)
    (param $rowStart i32) (param $rowEnd i32) (param $subtract i32)
    (local $stride i32) (local $row i32) (local $rt i32) (local $j i32) (local $w i32) (local $offset i32)
    (local.set $stride (i32.shl (local.get $n) (i32.const 2)))
    (local.set $row (local.get $rowStart))
    (block $rowsDone
      (loop $rowStep
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
        (local.set $rt (select (i32.const 2) (i32.const 1) (i32.ge_u (i32.sub (local.get $rowEnd) (local.get $row)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $chunksDone
          (loop $chunkStep
            (br_if $chunksDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $w (call $width (i32.sub (local.get $n) (local.get $j))))
            (local.set $offset (i32.add (i32.mul (local.get $row) (local.get $stride)) (i32.shl (local.get $j) (i32.const 2))))
            (call $down (local.get $rt) (local.get $w)
              (i32.add (local.get $p) (i32.mul (local.get $row) (local.get $pStride))) (local.get $pStride)
              (i32.add (local.get $x) (i32.shl (local.get $j) (i32.const 2))) (local.get $stride) (local.get $k)
              (i32.add (local.get $y) (local.get $offset)) (i32.add (local.get $z) (local.get $offset)) (local.get $subtract))
            (local.set $j (i32.add (local.get $j) (local.get $w)))
            (br $chunkStep)))
        (local.set $row (i32.add (local.get $row) (local.get $rt)))
        (br $rowStep))))

  ;; Rows [rowStart, rowEnd) of a block (rows×n, row-major, at `source`) into P's columns from the
  ;; one at byte offset `p` of P's row 0 on: a row's n floats are contiguous at both ends.
  (func (export "append")
    (param $source i32) (param $n i32) (param $p i32) (param $pStride i32) (param $rowStart i32) (param $rowEnd i32)
    (local $from i32) (local $to i32) (local $rowBytes i32) (local $vectorBytes i32) (local $j i32) (local $row i32)
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 2)))
    (local.set $vectorBytes (i32.and (local.get $rowBytes) (i32.const -16)))
    (local.set $row (local.get $rowStart))
    (block $rowsDone
      (loop $rowStep
        (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
        (local.set $from (i32.add (local.get $source) (i32.mul (local.get $row) (local.get $rowBytes))))
        (local.set $to (i32.add (local.get $p) (i32.mul (local.get $row) (local.get $pStride))))
        (local.set $j (i32.const 0))
        (block $vectorsDone
          (loop $vector
            (br_if $vectorsDone (i32.ge_u (local.get $j) (local.get $vectorBytes)))
            (v128.store align=4 (i32.add (local.get $to) (local.get $j)) (v128.load align=4 (i32.add (local.get $from) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 16)))
            (br $vector)))
        (block $floatsDone
          (loop $float
            (br_if $floatsDone (i32.ge_u (local.get $j) (local.get $rowBytes)))
            (f32.store (i32.add (local.get $to) (local.get $j)) (f32.load (i32.add (local.get $from) (local.get $j))))
            (local.set $j (i32.add (local.get $j) (i32.const 4)))
            (br $float)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rowStep))))

  ;; The squared norm of each of Z's n columns over each 256-row block in [blockStart, blockEnd),
  ;; in float64 (each square of a float32 taken in float64, summed in row order), at out + 8·(block·n + j).
  (func (export "columnNorms")
    (param $z i32) (param $n i32) (param $rows i32) (param $blockStart i32) (param $blockEnd i32) (param $out i32)
    (local $block i32) (local $row i32) (local $rowEnd i32) (local $j i32) (local $sums i32) (local $cell i32) (local $value f64)
    (local.set $block (local.get $blockStart))
    (block $blocksDone
      (loop $blockStep
        (br_if $blocksDone (i32.ge_u (local.get $block) (local.get $blockEnd)))
        (local.set $sums (i32.add (local.get $out) (i32.shl (i32.mul (local.get $block) (local.get $n)) (i32.const 3))))
        (local.set $j (i32.const 0))
        (block $clearDone
          (loop $clear
            (br_if $clearDone (i32.ge_u (local.get $j) (local.get $n)))
            (f64.store (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))) (f64.const 0))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $clear)))
        (local.set $row (i32.shl (local.get $block) (i32.const 8)))
        (local.set $rowEnd (i32.add (local.get $row) (i32.const 256)))
        (if (i32.gt_u (local.get $rowEnd) (local.get $rows)) (then (local.set $rowEnd (local.get $rows))))
        (local.set $cell (i32.add (local.get $z) (i32.shl (i32.mul (local.get $row) (local.get $n)) (i32.const 2))))
        (block $rowsDone
          (loop $rowStep
            (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $rowEnd)))
            (local.set $j (i32.const 0))
            (block $columnsDone
              (loop $column
                (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $n)))
                (local.set $value (f64.promote_f32 (f32.load (local.get $cell))))
                (f64.store (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3)))
                  (f64.add (f64.load (i32.add (local.get $sums) (i32.shl (local.get $j) (i32.const 3))))
                    (f64.mul (local.get $value) (local.get $value))))
                (local.set $cell (i32.add (local.get $cell) (i32.const 4)))
                (local.set $j (i32.add (local.get $j) (i32.const 1)))
                (br $column)))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (br $rowStep)))
        (local.set $block (i32.add (local.get $block) (i32.const 1)))
        (br $blockStep)))))
