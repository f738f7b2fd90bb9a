;; Co-occurrence counting on worker threads. Each forward pair (word at i, context at i + d,
;; d = 1..L, within a sentence) adds its window weight to the cell (a, b) = (min, max) of its two ids,
;; in the table of the thread that owns row a: threads own contiguous ranges of rows [low, high), so
;; each cell has exactly one owner, the threads never write the same memory, and no merge of partial
;; tables is needed. Every thread walks the same slice of the token stream (cheap, sequential) and
;; inserts only its own cells; a thread skips the windows of centre words below its rows. The rows
;; of the most frequent words (the lowest ids) are not hashed: they are added up in place in a
;; dense block, V f64 a row, which takes most pairs of a text for a few MiB. A cell's sum is
;; accumulated in corpus order, as the single-threaded TypeScript count does, so the counts are
;; identical to it bit for bit.
;;
;; The symmetric matrix N then takes these steps over the shared memory: the histogram (cells per
;; row and column; countSlice keeps it for table cells as they come, histogramDense adds the dense
;; rows'), scatterByColumn + dealToRows (two stable counting sorts put each
;; thread's table cells (a, b), b ≥ a, into the upper part of row a, columns ascending; a pair of
;; equal words, seen once from each end, counts double), writeDenseRows (the dense rows, in column
;; order already, copied straight there), mirrorLower (each thread fills the lower parts of its
;; range of rows, (b, a) for a < b, scanning the upper parts in row order so columns ascend again)
;; and sumRows.
;;
;; The table: open addressing with linear probing, 16-byte slots holding the 64-bit key
;; (a + 1)·2^32 + b (0 when empty, so a table in fresh memory needs no clearing) and the f64 count
;; side by side, so a probe touches one cache line.
;; Fibonacci hashing: the key times 2^64/φ, top `bits` bits.
;;
;; All pointers are byte offsets into the pool's shared memory. The maximum (65536 pages) must equal
;; the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  (func $slotOf (param $key i64) (param $shift i64) (result i32)
    (i32.wrap_i64 (i64.shr_u (i64.mul (local.get $key) (i64.const 0x9E3779B97F4A7C15)) (local.get $shift))))

  ;; Adds weight to the cell `key`; returns 1 when the cell is new.
  (func $add (param $table i32) (param $mask i32) (param $shift i64) (param $key i64) (param $weight f64) (result i32)
    (local $slot i32) (local $entry i32) (local $found i64)
    (local.set $slot (call $slotOf (local.get $key) (local.get $shift)))
    (loop $probe
      (local.set $entry (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 4))))
      (local.set $found (i64.load (local.get $entry)))
      (if (i64.eq (local.get $found) (local.get $key))
        (then
          (f64.store offset=8 (local.get $entry) (f64.add (f64.load offset=8 (local.get $entry)) (local.get $weight)))
          (return (i32.const 0))))
      (if (i64.eqz (local.get $found))
        (then
          (i64.store (local.get $entry) (local.get $key))
          (f64.store offset=8 (local.get $entry) (local.get $weight))
          (return (i32.const 1))))
      (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
      (br $probe))
    (unreachable))

  (func $pairKey (param $row i32) (param $column i32) (result i64)
    (i64.or (i64.shl (i64.extend_i32_u (i32.add (local.get $row) (i32.const 1))) (i64.const 32)) (i64.extend_i32_u (local.get $column))))

  ;; Marks every slot of a table empty.
  (func (export "clearTable") (param $table i32) (param $slots i32)
    (local $entry i32) (local $end i32)
    (local.set $entry (local.get $table))
    (local.set $end (i32.add (local.get $table) (i32.shl (local.get $slots) (i32.const 4))))
    (block $done
      (loop $slot
        (br_if $done (i32.ge_u (local.get $entry) (local.get $end)))
        (i64.store (local.get $entry) (i64.const 0))
        (f64.store offset=8 (local.get $entry) (f64.const 0))
        (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
        (br $slot))))

  ;; Moves every cell of a full table into a larger, cleared one.
  (func (export "rehash") (param $old i32) (param $oldSlots i32) (param $table i32) (param $mask i32) (param $bits i32)
    (local $entry i32) (local $end i32) (local $key i64) (local $slot i32) (local $target i32) (local $shift i64)
    (local.set $shift (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $bits))))
    (local.set $entry (local.get $old))
    (local.set $end (i32.add (local.get $old) (i32.shl (local.get $oldSlots) (i32.const 4))))
    (block $done
      (loop $move
        (br_if $done (i32.ge_u (local.get $entry) (local.get $end)))
        (local.set $key (i64.load (local.get $entry)))
        (if (i64.ne (local.get $key) (i64.const 0))
          (then
            (local.set $slot (call $slotOf (local.get $key) (local.get $shift)))
            (block $placed
              (loop $probe
                (local.set $target (i32.add (local.get $table) (i32.shl (local.get $slot) (i32.const 4))))
                (br_if $placed (i64.eqz (i64.load (local.get $target))))
                (local.set $slot (i32.and (i32.add (local.get $slot) (i32.const 1)) (local.get $mask)))
                (br $probe)))
            (i64.store (local.get $target) (local.get $key))
            (f64.store offset=8 (local.get $target) (f64.load offset=8 (local.get $entry)))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
        (br $move))))

  ;; Counts the pairs of centres [next, centres) of a slice of `available` tokens (i32 ids: ≥ 0 words,
  ;; −1 placeholders, −2 sentence ends) into this thread's table. state (i32 ×3): cells in the table,
  ;; the cell count at which to stop (the table is then grown and the call repeated), the next centre
  ;; (read at the start, written at the end: `centres` when the slice is done). weights: f64 per
  ;; distance 0..L. Rows [low, denseHigh) are added up in the dense block (V f64 a row). Every new
  ;; table cell counts in upperCounts (u32 per row, shared: rows are disjoint), columnCounts (u32
  ;; per column, this thread's) and diagonals (1 where (a, a) is a cell): the CSR build's
  ;; histogram, which then needs no pass over the table (after a spill it is not used).
  (func (export "countSlice")
    (param $tokens i32) (param $centres i32) (param $available i32) (param $window i32) (param $weights i32)
    (param $low i32) (param $high i32) (param $table i32) (param $mask i32) (param $bits i32) (param $state i32)
    (param $dense i32) (param $denseHigh i32) (param $size i32)
    (param $upperCounts i32) (param $columnCounts i32) (param $diagonals i32)
    (local $cells i32) (local $limit i32) (local $position i32) (local $word i32) (local $context i32)
    (local $last i32) (local $other i32) (local $row i32) (local $column i32) (local $shift i64) (local $at i32)
    (local.set $shift (i64.extend_i32_u (i32.sub (i32.const 64) (local.get $bits))))
    (local.set $cells (i32.load (local.get $state)))
    (local.set $limit (i32.load offset=4 (local.get $state)))
    (local.set $position (i32.load offset=8 (local.get $state)))
    (block $stop
      (loop $centre
        (br_if $stop (i32.ge_u (local.get $position) (local.get $centres)))
        (br_if $stop (i32.ge_u (local.get $cells) (local.get $limit)))
        (local.set $word (i32.load (i32.add (local.get $tokens) (i32.shl (local.get $position) (i32.const 2)))))
        ;; A word below `low` (so also no placeholder or sentence end) makes no cell of this thread's: both
        ;; ids of a pair are ≥ its row. The threads of rarer rows skip the frequent words' windows.
        (if (i32.ge_s (local.get $word) (local.get $low))
          (then
            (local.set $last (i32.add (local.get $position) (local.get $window)))
            (if (i32.ge_u (local.get $last) (local.get $available))
              (then (local.set $last (i32.sub (local.get $available) (i32.const 1)))))
            (local.set $other (i32.add (local.get $position) (i32.const 1)))
            (block $windowDone
              (loop $pair
                (br_if $windowDone (i32.gt_u (local.get $other) (local.get $last)))
                (local.set $context (i32.load (i32.add (local.get $tokens) (i32.shl (local.get $other) (i32.const 2)))))
                (block $next
                (if (i32.ge_s (local.get $context) (i32.const 0))
                  (then
                    (if (i32.lt_u (local.get $context) (local.get $word))
                      (then (local.set $row (local.get $context)) (local.set $column (local.get $word)))
                      (else (local.set $row (local.get $word)) (local.set $column (local.get $context))))
                    (if (i32.and (i32.ge_u (local.get $row) (local.get $low)) (i32.lt_u (local.get $row) (local.get $high)))
                      (then
                        (if (i32.lt_u (local.get $row) (local.get $denseHigh))
                          (then
                            ;; A frequent row: its cells are counted in place, no hashing, no probing.
                            (local.set $at (i32.add (local.get $dense) (i32.shl
                              (i32.add (i32.mul (i32.sub (local.get $row) (local.get $low)) (local.get $size)) (local.get $column)) (i32.const 3))))
                            (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                              (f64.load (i32.add (local.get $weights) (i32.shl (i32.sub (local.get $other) (local.get $position)) (i32.const 3))))))
                            (br $next)))
                        (if (call $add (local.get $table) (local.get $mask) (local.get $shift)
                              (call $pairKey (local.get $row) (local.get $column))
                              (f64.load (i32.add (local.get $weights) (i32.shl (i32.sub (local.get $other) (local.get $position)) (i32.const 3)))))
                          (then
                            ;; A new cell: the histogram of the CSR build, kept as cells come.
                            (local.set $cells (i32.add (local.get $cells) (i32.const 1)))
                            (local.set $at (i32.add (local.get $upperCounts) (i32.shl (local.get $row) (i32.const 2))))
                            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
                            (local.set $at (i32.add (local.get $columnCounts) (i32.shl (local.get $column) (i32.const 2))))
                            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
                            (if (i32.eq (local.get $row) (local.get $column))
                              (then (i32.store (i32.add (local.get $diagonals) (i32.shl (local.get $row) (i32.const 2))) (i32.const 1)))))))))
                  (else
                    ;; A sentence end stops the window; a placeholder is skipped.
                    (br_if $windowDone (i32.eq (local.get $context) (i32.const -2))))))
                (local.set $other (i32.add (local.get $other) (i32.const 1)))
                (br $pair)))))
        (local.set $position (i32.add (local.get $position) (i32.const 1)))
        (br $centre)))
    (i32.store (local.get $state) (local.get $cells))
    (i32.store offset=8 (local.get $state) (local.get $position)))

  ;; First of the two stable counting sorts: every cell into its column's bucket (columnCursor: u32
  ;; bucket starts, advanced to the bucket ends), as (row u32, count f64), the diagonal doubled.
  (func (export "scatterByColumn") (param $table i32) (param $slots i32) (param $columnCursor i32) (param $rows i32) (param $counts i32)
    (local $entry i32) (local $end i32) (local $key i64) (local $row i32) (local $column i32) (local $at i32) (local $target i32)
    (local $count f64)
    (local.set $entry (local.get $table))
    (local.set $end (i32.add (local.get $table) (i32.shl (local.get $slots) (i32.const 4))))
    (block $done
      (loop $slot
        (br_if $done (i32.ge_u (local.get $entry) (local.get $end)))
        (local.set $key (i64.load (local.get $entry)))
        (if (i64.ne (local.get $key) (i64.const 0))
          (then
            (local.set $row (i32.sub (i32.wrap_i64 (i64.shr_u (local.get $key) (i64.const 32))) (i32.const 1)))
            (local.set $column (i32.wrap_i64 (local.get $key)))
            (local.set $count (f64.load offset=8 (local.get $entry)))
            (if (i32.eq (local.get $row) (local.get $column))
              (then (local.set $count (f64.add (local.get $count) (local.get $count)))))
            (local.set $at (i32.add (local.get $columnCursor) (i32.shl (local.get $column) (i32.const 2))))
            (local.set $target (i32.load (local.get $at)))
            (i32.store (local.get $at) (i32.add (local.get $target) (i32.const 1)))
            (i32.store (i32.add (local.get $rows) (i32.shl (local.get $target) (i32.const 2))) (local.get $row))
            (f64.store (i32.add (local.get $counts) (i32.shl (local.get $target) (i32.const 3))) (local.get $count))))
        (local.set $entry (i32.add (local.get $entry) (i32.const 16)))
        (br $slot))))

  ;; Second sort: walks the column buckets in order (columnEnds: u32 bucket ends, from scatterByColumn)
  ;; and deals each cell to its row's upper part (rowCursor: u32 next free slot of each row, shared,
  ;; rows disjoint), so columns ascend in every row.
  (func (export "dealToRows")
    (param $columns i32) (param $columnEnds i32) (param $rows i32) (param $counts i32) (param $rowCursor i32)
    (param $columnIndices i32) (param $values i32)
    (local $column i32) (local $cell i32) (local $end i32) (local $row i32) (local $at i32) (local $target i32)
    (local $count f64)
    (block $done
      (loop $bucket
        (br_if $done (i32.ge_u (local.get $column) (local.get $columns)))
        (local.set $end (i32.load (i32.add (local.get $columnEnds) (i32.shl (local.get $column) (i32.const 2)))))
        (block $bucketDone
          (loop $each
            (br_if $bucketDone (i32.ge_u (local.get $cell) (local.get $end)))
            (local.set $row (i32.load (i32.add (local.get $rows) (i32.shl (local.get $cell) (i32.const 2)))))
            (local.set $count (f64.load (i32.add (local.get $counts) (i32.shl (local.get $cell) (i32.const 3)))))
            (local.set $at (i32.add (local.get $rowCursor) (i32.shl (local.get $row) (i32.const 2))))
            (local.set $target (i32.load (local.get $at)))
            (i32.store (local.get $at) (i32.add (local.get $target) (i32.const 1)))
            (i32.store (i32.add (local.get $columnIndices) (i32.shl (local.get $target) (i32.const 2))) (local.get $column))
            (f64.store (i32.add (local.get $values) (i32.shl (local.get $target) (i32.const 3))) (local.get $count))
            (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
            (br $each)))
        (local.set $column (i32.add (local.get $column) (i32.const 1)))
        (br $bucket))))

;; Mirrors the upper cells of this thread's rows [low, high) into the lower parts of their columns:
  ;; (a, b), b > a, goes to lowerCursor[b] (u32, this thread's own next slot in row b's lower part:
  ;; the row's lower part holds the earlier threads' rows first, then this thread's). Rows a
  ;; ascend, so the columns of each lower part ascend, and every thread reads only its own cells.
  ;; upperStarts: u32 per row, where its upper part begins (its end is the next row's pointer).
  (func (export "mirrorLower")
    (param $rowPointers i32) (param $upperStarts i32) (param $low i32) (param $high i32) (param $lowerCursor i32)
    (param $columnIndices i32) (param $values i32)
    (local $row i32) (local $slot i32) (local $end i32) (local $column i32) (local $at i32) (local $target i32)
    (local.set $row (local.get $low))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $row) (local.get $high)))
        (local.set $slot (i32.load (i32.add (local.get $upperStarts) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $rowPointers) (i32.shl (i32.add (local.get $row) (i32.const 1)) (i32.const 2)))))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $slot) (local.get $end)))
            (local.set $column (i32.load (i32.add (local.get $columnIndices) (i32.shl (local.get $slot) (i32.const 2)))))
            (if (i32.ne (local.get $column) (local.get $row))
              (then
                (local.set $at (i32.add (local.get $lowerCursor) (i32.shl (local.get $column) (i32.const 2))))
                (local.set $target (i32.load (local.get $at)))
                (i32.store (local.get $at) (i32.add (local.get $target) (i32.const 1)))
                (i32.store (i32.add (local.get $columnIndices) (i32.shl (local.get $target) (i32.const 2))) (local.get $row))
                (f64.store (i32.add (local.get $values) (i32.shl (local.get $target) (i32.const 3)))
                  (f64.load (i32.add (local.get $values) (i32.shl (local.get $slot) (i32.const 3)))))))
            (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
            (br $each)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $eachRow))))

  ;; rowSums[r] (f64) = the sum of row r's values in slot (ascending column) order, rows [low, high).
  (func (export "sumRows") (param $rowPointers i32) (param $values i32) (param $low i32) (param $high i32) (param $rowSums i32)
    (local $row i32) (local $slot i32) (local $end i32) (local $sum f64)
    (local.set $row (local.get $low))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $row) (local.get $high)))
        (local.set $slot (i32.load (i32.add (local.get $rowPointers) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $rowPointers) (i32.shl (i32.add (local.get $row) (i32.const 1)) (i32.const 2)))))
        (local.set $sum (f64.const 0))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $slot) (local.get $end)))
            (local.set $sum (f64.add (local.get $sum) (f64.load (i32.add (local.get $values) (i32.shl (local.get $slot) (i32.const 3))))))
            (local.set $slot (i32.add (local.get $slot) (i32.const 1)))
            (br $each)))
        (f64.store (i32.add (local.get $rowSums) (i32.shl (local.get $row) (i32.const 3))) (local.get $sum))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $eachRow))))

  ;; The dense rows [low, low + rows) of a thread, row-major over all `size` columns (f64, 0 where
  ;; no pair fell: window weights are positive). histogramDense does for them what histogram does
  ;; for a table's cells (upper cells, b ≥ a, only).
  (func (export "histogramDense") (param $dense i32) (param $low i32) (param $rows i32) (param $size i32)
    (param $upperCounts i32) (param $columnCounts i32) (param $diagonals i32)
    (local $row i32) (local $end i32) (local $column i32) (local $base i32) (local $cells i32) (local $at i32)
    (local.set $row (local.get $low))
    (local.set $end (i32.add (local.get $low) (local.get $rows)))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $base (i32.add (local.get $dense) (i32.shl (i32.mul (i32.sub (local.get $row) (local.get $low)) (local.get $size)) (i32.const 3))))
        (local.set $column (local.get $row))
        (local.set $cells (i32.const 0))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $column) (local.get $size)))
            (if (f64.ne (f64.load (i32.add (local.get $base) (i32.shl (local.get $column) (i32.const 3)))) (f64.const 0))
              (then
                (local.set $cells (i32.add (local.get $cells) (i32.const 1)))
                (local.set $at (i32.add (local.get $columnCounts) (i32.shl (local.get $column) (i32.const 2))))
                (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
                (if (i32.eq (local.get $row) (local.get $column))
                  (then (i32.store (i32.add (local.get $diagonals) (i32.shl (local.get $row) (i32.const 2))) (i32.const 1))))))
            (local.set $column (i32.add (local.get $column) (i32.const 1)))
            (br $each)))
        (local.set $at (i32.add (local.get $upperCounts) (i32.shl (local.get $row) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (local.get $cells)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $eachRow))))

  ;; Writes the dense rows' upper parts straight into their places in the CSR matrix (upperStarts:
  ;; u32 per row, where its upper part begins): a dense row is already in column order, so its cells
  ;; skip the two sorts. A pair of equal words counts double, as in scatterByColumn.
  (func (export "writeDenseRows") (param $dense i32) (param $low i32) (param $rows i32) (param $size i32)
    (param $upperStarts i32) (param $columnIndices i32) (param $values i32)
    (local $row i32) (local $end i32) (local $column i32) (local $base i32) (local $target i32) (local $count f64)
    (local.set $row (local.get $low))
    (local.set $end (i32.add (local.get $low) (local.get $rows)))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $base (i32.add (local.get $dense) (i32.shl (i32.mul (i32.sub (local.get $row) (local.get $low)) (local.get $size)) (i32.const 3))))
        (local.set $target (i32.load (i32.add (local.get $upperStarts) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $column (local.get $row))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $column) (local.get $size)))
            (local.set $count (f64.load (i32.add (local.get $base) (i32.shl (local.get $column) (i32.const 3)))))
            (if (f64.ne (local.get $count) (f64.const 0))
              (then
                (if (i32.eq (local.get $row) (local.get $column))
                  (then (local.set $count (f64.add (local.get $count) (local.get $count)))))
                (i32.store (i32.add (local.get $columnIndices) (i32.shl (local.get $target) (i32.const 2))) (local.get $column))
                (f64.store (i32.add (local.get $values) (i32.shl (local.get $target) (i32.const 3))) (local.get $count))
                (local.set $target (i32.add (local.get $target) (i32.const 1)))))
            (local.set $column (i32.add (local.get $column) (i32.const 1)))
            (br $each)))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $eachRow))))

  ;; Does nothing: the job of a thread that has no work in a round.
  (func (export "idle")))
