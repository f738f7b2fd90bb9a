;; Co-occurrence counting on worker threads. Each forward pair (word at i, context at i + d,
;; d = 1..L, within a sentence) adds its window weight to the cell (a, b) = (min, max) of its two ids,
;; for the thread that owns row a: threads own contiguous ranges of rows [low, high), so each cell
;; has exactly one owner, the threads never write the same memory, and no merge of partial counts
;; is needed. Every thread walks the same slice of the token stream (cheap, sequential) and keeps
;; only its own pairs; a thread skips the windows of centre words below its rows. The rows of the
;; most frequent words (the lowest ids) are added up in place in a dense block, V f64 a row, which
;; takes most pairs of a text for a few MiB. The pairs of the other rows are not hashed: each is
;; appended to the thread's event buffer as a 64-bit word, the cell's key (a − denseHigh)·V + b in
;; the low 56 bits and the distance d above them (a sequential write, where a hash insert missed the
;; cache once per pair). When the buffer is full (or the stream ends) flushEvents sorts it by key,
;; a stable LSD radix sort that keeps corpus order among a cell's events, and merges it into the
;; thread's list of cells (16-byte records: key, f64 count; keys ascending, which is the CSR order),
;; adding each event's weight onto the cell's count in corpus order. So a cell's sum is accumulated
;; in corpus order, as the single-threaded TypeScript count does, and the counts are identical to
;; it bit for bit.
;;
;; The symmetric matrix N then takes these steps over the shared memory: the histogram (cells per
;; row and column: histogramCells for the lists, histogramDense for the dense rows), writeCells and
;; writeDenseRows (each row's upper part, b ≥ a, straight from the list or the dense block, both in
;; column order already; a pair of equal words, seen once from each end, counts double),
;; mirrorLower (each thread fills the lower parts of its range of rows, (b, a) for a < b, scanning
;; the upper parts in row order so columns ascend again) and sumRows.
;;
;; All pointers are byte offsets into the pool's shared memory. The maximum (65536 pages) must equal
;; the one the pool declares.
(module
  (import "env" "memory" (memory 1 65536 shared))

  ;; An event's cell key: the low 56 bits (the distance is above them).
  (global $keyMask i64 (i64.const 0x00FFFFFFFFFFFFFF))

  ;; Counts the pairs of centres [next, centres) of a slice of `available` tokens (i32 ids: ≥ 0 words,
  ;; −1 placeholders, −2 sentence ends). state (i32 ×3): events in the buffer, the event count at
  ;; which to stop (the buffer is then flushed and the call repeated), the next centre (read at the
  ;; start, written at the end: `centres` when the slice is done). weights: f64 per distance 0..L.
  ;; Rows [low, denseHigh) are added up in the dense block (V f64 a row, or V u32 when `whole`: every
  ;; weight is 1, so the counts are whole numbers, exact in u32 while the stream has fewer than 2^32
  ;; pairs, and half the memory to miss); rows [denseHigh, high) go to the event buffer (i64 each).
  (func (export "countSlice")
    (param $tokens i32) (param $centres i32) (param $available i32) (param $window i32) (param $weights i32)
    (param $low i32) (param $high i32) (param $dense i32) (param $denseHigh i32) (param $size i32) (param $whole i32)
    (param $events i32) (param $state i32)
    (local $count i32) (local $limit i32) (local $position i32) (local $word i32) (local $context i32)
    (local $last i32) (local $other i32) (local $row i32) (local $column i32) (local $at i32) (local $size64 i64)
    (local.set $size64 (i64.extend_i32_u (local.get $size)))
    (local.set $count (i32.load (local.get $state)))
    (local.set $limit (i32.load offset=4 (local.get $state)))
    (local.set $position (i32.load offset=8 (local.get $state)))
    (block $stop
      (loop $centre
        (br_if $stop (i32.ge_u (local.get $position) (local.get $centres)))
        (br_if $stop (i32.ge_u (local.get $count) (local.get $limit)))
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
                    ;; (min, max) without a branch: which of the two is smaller is a coin toss.
                    (local.set $row (select (local.get $context) (local.get $word) (i32.lt_u (local.get $context) (local.get $word))))
                    (local.set $column (i32.xor (i32.xor (local.get $context) (local.get $word)) (local.get $row)))
                    (br_if $next (i32.or (i32.lt_u (local.get $row) (local.get $low)) (i32.ge_u (local.get $row) (local.get $high))))
                    (if (i32.lt_u (local.get $row) (local.get $denseHigh))
                      (then
                        ;; A frequent row: its cells are counted in place.
                        (local.set $at (i32.add (i32.mul (i32.sub (local.get $row) (local.get $low)) (local.get $size)) (local.get $column)))
                        (if (local.get $whole)
                          (then
                            (local.set $at (i32.add (local.get $dense) (i32.shl (local.get $at) (i32.const 2))))
                            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1))))
                          (else
                            (local.set $at (i32.add (local.get $dense) (i32.shl (local.get $at) (i32.const 3))))
                            (f64.store (local.get $at) (f64.add (f64.load (local.get $at))
                              (f64.load (i32.add (local.get $weights) (i32.shl (i32.sub (local.get $other) (local.get $position)) (i32.const 3))))))))
                        (br $next)))
                    ;; Any other row: one event, sorted and added up at the next flush.
                    (i64.store (i32.add (local.get $events) (i32.shl (local.get $count) (i32.const 3)))
                      (i64.or
                        (i64.add (i64.mul (i64.extend_i32_u (i32.sub (local.get $row) (local.get $denseHigh))) (local.get $size64))
                          (i64.extend_i32_u (local.get $column)))
                        (i64.shl (i64.extend_i32_u (i32.sub (local.get $other) (local.get $position))) (i64.const 56))))
                    (local.set $count (i32.add (local.get $count) (i32.const 1))))
                  (else
                    ;; A sentence end stops the window; a placeholder is skipped.
                    (br_if $windowDone (i32.eq (local.get $context) (i32.const -2))))))
                (local.set $other (i32.add (local.get $other) (i32.const 1)))
                (br $pair)))))
        (local.set $position (i32.add (local.get $position) (i32.const 1)))
        (br $centre)))
    (i32.store (local.get $state) (local.get $count))
    (i32.store offset=8 (local.get $state) (local.get $position)))

  ;; Sorts the `count` events at `events` by their key's low `keyBits` bits (≤ 55), stable, using
  ;; `scratch` (as large) and `histograms` (u32 × 5·2048); returns where the sorted events are (events
  ;; or scratch). LSD radix sort in at most 5 passes of at most 11 bits; one read counts the digits of
  ;; every pass, and a pass whose digit is the same for every event is skipped.
  (func $sortEvents (param $events i32) (param $scratch i32) (param $count i32) (param $keyBits i32) (param $histograms i32) (result i32)
    (local $passes i32) (local $bits i32) (local $buckets i32) (local $mask i64) (local $pass i32) (local $index i32)
    (local $key i64) (local $counts i32) (local $sum i32) (local $value i32) (local $source i32) (local $target i32)
    (local $shift i64) (local $at i32) (local $swap i32) (local $end i32)
    (local.set $passes (i32.div_u (i32.add (local.get $keyBits) (i32.const 10)) (i32.const 11)))
    (if (i32.eqz (local.get $passes)) (then (local.set $passes (i32.const 1))))
    (local.set $bits (i32.div_u (i32.add (local.get $keyBits) (i32.sub (local.get $passes) (i32.const 1))) (local.get $passes)))
    (local.set $buckets (i32.shl (i32.const 1) (local.get $bits)))
    (local.set $mask (i64.extend_i32_u (i32.sub (local.get $buckets) (i32.const 1))))
    ;; Clear the histograms.
    (local.set $at (local.get $histograms))
    (local.set $end (i32.add (local.get $histograms) (i32.shl (i32.mul (local.get $passes) (local.get $buckets)) (i32.const 2))))
    (block $cleared
      (loop $clear
        (br_if $cleared (i32.ge_u (local.get $at) (local.get $end)))
        (i32.store (local.get $at) (i32.const 0))
        (local.set $at (i32.add (local.get $at) (i32.const 4)))
        (br $clear)))
    ;; Count every pass's digits in one read.
    (block $counted
      (loop $each
        (br_if $counted (i32.ge_u (local.get $index) (local.get $count)))
        (local.set $key (i64.load (i32.add (local.get $events) (i32.shl (local.get $index) (i32.const 3)))))
        (local.set $counts (local.get $histograms))
        (local.set $pass (i32.const 0))
        (loop $digit
          (local.set $at (i32.add (local.get $counts) (i32.shl (i32.wrap_i64 (i64.and (local.get $key) (local.get $mask))) (i32.const 2))))
          (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
          (local.set $key (i64.shr_u (local.get $key) (i64.extend_i32_u (local.get $bits))))
          (local.set $counts (i32.add (local.get $counts) (i32.shl (local.get $buckets) (i32.const 2))))
          (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
          (br_if $digit (i32.lt_u (local.get $pass) (local.get $passes))))
        (local.set $index (i32.add (local.get $index) (i32.const 1)))
        (br $each)))
    (local.set $source (local.get $events))
    (local.set $target (local.get $scratch))
    (local.set $pass (i32.const 0))
    (block $sorted
      (loop $eachPass
        (br_if $sorted (i32.ge_u (local.get $pass) (local.get $passes)))
        (br_if $sorted (i32.eqz (local.get $count)))
        (local.set $counts (i32.add (local.get $histograms) (i32.shl (i32.mul (local.get $pass) (local.get $buckets)) (i32.const 2))))
        (local.set $shift (i64.extend_i32_u (i32.mul (local.get $pass) (local.get $bits))))
        ;; Skip a pass whose digit is the same for every event (the first event's bucket holds them all).
        (block $skip
          (br_if $skip (i32.eq (local.get $count) (i32.load (i32.add (local.get $counts) (i32.shl
            (i32.wrap_i64 (i64.and (i64.shr_u (i64.load (local.get $source)) (local.get $shift)) (local.get $mask))) (i32.const 2))))))
          ;; Bucket starts: exclusive prefix sums, in place.
          (local.set $sum (i32.const 0))
          (local.set $at (local.get $counts))
          (local.set $end (i32.add (local.get $counts) (i32.shl (local.get $buckets) (i32.const 2))))
          (loop $prefix
            (local.set $value (i32.load (local.get $at)))
            (i32.store (local.get $at) (local.get $sum))
            (local.set $sum (i32.add (local.get $sum) (local.get $value)))
            (local.set $at (i32.add (local.get $at) (i32.const 4)))
            (br_if $prefix (i32.lt_u (local.get $at) (local.get $end))))
          (local.set $index (i32.const 0))
          (loop $scatter
            (local.set $key (i64.load (i32.add (local.get $source) (i32.shl (local.get $index) (i32.const 3)))))
            (local.set $at (i32.add (local.get $counts) (i32.shl
              (i32.wrap_i64 (i64.and (i64.shr_u (local.get $key) (local.get $shift)) (local.get $mask))) (i32.const 2))))
            (local.set $value (i32.load (local.get $at)))
            (i32.store (local.get $at) (i32.add (local.get $value) (i32.const 1)))
            (i64.store (i32.add (local.get $target) (i32.shl (local.get $value) (i32.const 3))) (local.get $key))
            (local.set $index (i32.add (local.get $index) (i32.const 1)))
            (br_if $scatter (i32.lt_u (local.get $index) (local.get $count))))
          (local.set $swap (local.get $source))
          (local.set $source (local.get $target))
          (local.set $target (local.get $swap)))
        (local.set $pass (i32.add (local.get $pass) (i32.const 1)))
        (br $eachPass)))
    (local.get $source))

  ;; Sorts the buffer's `count` events (sortEvents) and merges them into the cell list at `cells`
  ;; (`cellCount` records of key i64, count f64, keys ascending), writing the merged list to `merged`:
  ;; a cell's events add their weights (f64 per distance) onto its count one after the other, in
  ;; corpus order. Writes the merged list's length to state[3] (i32 at state + 12).
  ;; `inPlace` (with no cells before, and scratch right after the events): the sorted events are
  ;; moved to scratch if they ended in the buffer, and `merged` may be the buffer itself: record i
  ;; ends at 16(i + 1) ≤ 8·count + 8j, before the next unread event j ≥ i + 1 in scratch.
  (func (export "flushEvents")
    (param $events i32) (param $scratch i32) (param $count i32) (param $keyBits i32) (param $histograms i32)
    (param $cells i32) (param $cellCount i32) (param $merged i32) (param $weights i32) (param $state i32) (param $inPlace i32)
    (local $sorted i32) (local $index i32) (local $cell i32) (local $out i32) (local $event i64) (local $key i64)
    (local $found i64) (local $sum f64) (local $at i32)
    (local.set $sorted (call $sortEvents (local.get $events) (local.get $scratch) (local.get $count) (local.get $keyBits) (local.get $histograms)))
    (if (i32.and (local.get $inPlace) (i32.eq (local.get $sorted) (local.get $events)))
      (then
        (block $moved
          (loop $move
            (br_if $moved (i32.ge_u (local.get $index) (local.get $count)))
            (local.set $at (i32.shl (local.get $index) (i32.const 3)))
            (i64.store (i32.add (local.get $scratch) (local.get $at)) (i64.load (i32.add (local.get $events) (local.get $at))))
            (local.set $index (i32.add (local.get $index) (i32.const 1)))
            (br $move)))
        (local.set $index (i32.const 0))
        (local.set $sorted (local.get $scratch))))
    (block $done
      (loop $eachCell
        (br_if $done (i32.ge_u (local.get $index) (local.get $count)))
        (local.set $key (i64.and (i64.load (i32.add (local.get $sorted) (i32.shl (local.get $index) (i32.const 3)))) (global.get $keyMask)))
        ;; The list's cells before this key, copied as they are.
        (block $copied
          (loop $copy
            (br_if $copied (i32.ge_u (local.get $cell) (local.get $cellCount)))
            (local.set $at (i32.add (local.get $cells) (i32.shl (local.get $cell) (i32.const 4))))
            (local.set $found (i64.load (local.get $at)))
            (br_if $copied (i64.ge_u (local.get $found) (local.get $key)))
            (i64.store (i32.add (local.get $merged) (i32.shl (local.get $out) (i32.const 4))) (local.get $found))
            (f64.store offset=8 (i32.add (local.get $merged) (i32.shl (local.get $out) (i32.const 4))) (f64.load offset=8 (local.get $at)))
            (local.set $out (i32.add (local.get $out) (i32.const 1)))
            (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
            (br $copy)))
        ;; The cell's count so far (0 for a new cell), then its events' weights in corpus order.
        (local.set $sum (f64.const 0))
        (if (i32.lt_u (local.get $cell) (local.get $cellCount))
          (then
            (local.set $at (i32.add (local.get $cells) (i32.shl (local.get $cell) (i32.const 4))))
            (if (i64.eq (i64.load (local.get $at)) (local.get $key))
              (then
                (local.set $sum (f64.load offset=8 (local.get $at)))
                (local.set $cell (i32.add (local.get $cell) (i32.const 1)))))))
        (block $eventsDone
          (loop $addEvent
            (br_if $eventsDone (i32.ge_u (local.get $index) (local.get $count)))
            (local.set $event (i64.load (i32.add (local.get $sorted) (i32.shl (local.get $index) (i32.const 3)))))
            (br_if $eventsDone (i64.ne (i64.and (local.get $event) (global.get $keyMask)) (local.get $key)))
            (local.set $sum (f64.add (local.get $sum)
              (f64.load (i32.add (local.get $weights) (i32.shl (i32.wrap_i64 (i64.shr_u (local.get $event) (i64.const 56))) (i32.const 3))))))
            (local.set $index (i32.add (local.get $index) (i32.const 1)))
            (br $addEvent)))
        (i64.store (i32.add (local.get $merged) (i32.shl (local.get $out) (i32.const 4))) (local.get $key))
        (f64.store offset=8 (i32.add (local.get $merged) (i32.shl (local.get $out) (i32.const 4))) (local.get $sum))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (br $eachCell)))
    ;; The list's cells after the last event.
    (block $rest
      (loop $copyRest
        (br_if $rest (i32.ge_u (local.get $cell) (local.get $cellCount)))
        (local.set $at (i32.add (local.get $cells) (i32.shl (local.get $cell) (i32.const 4))))
        (i64.store (i32.add (local.get $merged) (i32.shl (local.get $out) (i32.const 4))) (i64.load (local.get $at)))
        (f64.store offset=8 (i32.add (local.get $merged) (i32.shl (local.get $out) (i32.const 4))) (f64.load offset=8 (local.get $at)))
        (local.set $out (i32.add (local.get $out) (i32.const 1)))
        (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
        (br $copyRest)))
    (i32.store offset=12 (local.get $state) (local.get $out)))

  ;; The histogram of a thread's cell list (keys (a − denseHigh)·V + b, ascending): adds each row's
  ;; cells to upperCounts (u32 per row, shared: rows are disjoint), each column's to columnCounts
  ;; (u32 per column, this thread's), and marks diagonals (1 where (a, a) is a cell). The row is
  ;; followed as the keys ascend, no division.
  (func (export "histogramCells") (param $cells i32) (param $count i32) (param $denseHigh i32) (param $size i32)
    (param $upperCounts i32) (param $columnCounts i32) (param $diagonals i32)
    (local $cell i32) (local $key i64) (local $rowStart i64) (local $rowEnd i64) (local $size64 i64) (local $row i32)
    (local $column i32) (local $inRow i32) (local $at i32)
    (local.set $size64 (i64.extend_i32_u (local.get $size)))
    (local.set $row (local.get $denseHigh))
    (local.set $rowEnd (local.get $size64))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $cell) (local.get $count)))
        (local.set $key (i64.load (i32.add (local.get $cells) (i32.shl (local.get $cell) (i32.const 4)))))
        (block $inThisRow
          (loop $nextRow
            (br_if $inThisRow (i64.lt_u (local.get $key) (local.get $rowEnd)))
            (local.set $at (i32.add (local.get $upperCounts) (i32.shl (local.get $row) (i32.const 2))))
            (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (local.get $inRow)))
            (local.set $inRow (i32.const 0))
            (local.set $row (i32.add (local.get $row) (i32.const 1)))
            (local.set $rowStart (local.get $rowEnd))
            (local.set $rowEnd (i64.add (local.get $rowEnd) (local.get $size64)))
            (br $nextRow)))
        (local.set $column (i32.wrap_i64 (i64.sub (local.get $key) (local.get $rowStart))))
        (local.set $inRow (i32.add (local.get $inRow) (i32.const 1)))
        (local.set $at (i32.add (local.get $columnCounts) (i32.shl (local.get $column) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (i32.const 1)))
        (if (i32.eq (local.get $row) (local.get $column))
          (then (i32.store (i32.add (local.get $diagonals) (i32.shl (local.get $row) (i32.const 2))) (i32.const 1))))
        (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
        (br $each)))
    (if (i32.gt_u (local.get $inRow) (i32.const 0))
      (then
        (local.set $at (i32.add (local.get $upperCounts) (i32.shl (local.get $row) (i32.const 2))))
        (i32.store (local.get $at) (i32.add (i32.load (local.get $at)) (local.get $inRow))))))

  ;; Writes a thread's cell list into the upper parts of its rows (upperStarts: u32 per row, where its
  ;; upper part begins): the list is in row and column order already. A pair of equal words counts
  ;; double (seen once from each end).
  (func (export "writeCells") (param $cells i32) (param $count i32) (param $denseHigh i32) (param $size i32)
    (param $upperStarts i32) (param $columnIndices i32) (param $values i32)
    (local $cell i32) (local $key i64) (local $rowStart i64) (local $rowEnd i64) (local $size64 i64) (local $row i32)
    (local $column i32) (local $target i32) (local $at i32) (local $value f64)
    (if (i32.eqz (local.get $count)) (then (return)))
    (local.set $size64 (i64.extend_i32_u (local.get $size)))
    (local.set $row (local.get $denseHigh))
    (local.set $rowEnd (local.get $size64))
    (local.set $target (i32.load (i32.add (local.get $upperStarts) (i32.shl (local.get $row) (i32.const 2)))))
    (block $done
      (loop $each
        (br_if $done (i32.ge_u (local.get $cell) (local.get $count)))
        (local.set $at (i32.add (local.get $cells) (i32.shl (local.get $cell) (i32.const 4))))
        (local.set $key (i64.load (local.get $at)))
        (if (i64.ge_u (local.get $key) (local.get $rowEnd))
          (then
            (loop $nextRow
              (local.set $row (i32.add (local.get $row) (i32.const 1)))
              (local.set $rowStart (local.get $rowEnd))
              (local.set $rowEnd (i64.add (local.get $rowEnd) (local.get $size64)))
              (br_if $nextRow (i64.ge_u (local.get $key) (local.get $rowEnd))))
            (local.set $target (i32.load (i32.add (local.get $upperStarts) (i32.shl (local.get $row) (i32.const 2)))))))
        (local.set $column (i32.wrap_i64 (i64.sub (local.get $key) (local.get $rowStart))))
        (local.set $value (f64.load offset=8 (local.get $at)))
        (if (i32.eq (local.get $row) (local.get $column))
          (then (local.set $value (f64.add (local.get $value) (local.get $value)))))
        (i32.store (i32.add (local.get $columnIndices) (i32.shl (local.get $target) (i32.const 2))) (local.get $column))
        (f64.store (i32.add (local.get $values) (i32.shl (local.get $target) (i32.const 3))) (local.get $value))
        (local.set $target (i32.add (local.get $target) (i32.const 1)))
        (local.set $cell (i32.add (local.get $cell) (i32.const 1)))
        (br $each))))

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

  ;; The dense rows [low, low + rows) of a thread, row-major over all `size` columns (f64, or u32 when
  ;; `whole`; 0 where no pair fell: window weights are positive). histogramDense does for them what
  ;; histogramCells does for a list's cells (upper cells, b ≥ a, only).
  (func (export "histogramDense") (param $dense i32) (param $low i32) (param $rows i32) (param $size i32) (param $whole i32)
    (param $upperCounts i32) (param $columnCounts i32) (param $diagonals i32)
    (local $row i32) (local $end i32) (local $column i32) (local $base i32) (local $cells i32) (local $at i32)
    (local.set $row (local.get $low))
    (local.set $end (i32.add (local.get $low) (local.get $rows)))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $base (i32.add (local.get $dense) (i32.shl (i32.mul (i32.sub (local.get $row) (local.get $low)) (local.get $size))
          (select (i32.const 2) (i32.const 3) (local.get $whole)))))
        (local.set $column (local.get $row))
        (local.set $cells (i32.const 0))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $column) (local.get $size)))
            (if (f64.ne (if (result f64) (local.get $whole)
              (then (f64.convert_i32_u (i32.load (i32.add (local.get $base) (i32.shl (local.get $column) (i32.const 2))))))
              (else (f64.load (i32.add (local.get $base) (i32.shl (local.get $column) (i32.const 3)))))) (f64.const 0))
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
  ;; skip the sort. A pair of equal words counts double, as in writeCells.
  (func (export "writeDenseRows") (param $dense i32) (param $low i32) (param $rows i32) (param $size i32) (param $whole i32)
    (param $upperStarts i32) (param $columnIndices i32) (param $values i32)
    (local $row i32) (local $end i32) (local $column i32) (local $base i32) (local $target i32) (local $count f64)
    (local.set $row (local.get $low))
    (local.set $end (i32.add (local.get $low) (local.get $rows)))
    (block $done
      (loop $eachRow
        (br_if $done (i32.ge_u (local.get $row) (local.get $end)))
        (local.set $base (i32.add (local.get $dense) (i32.shl (i32.mul (i32.sub (local.get $row) (local.get $low)) (local.get $size))
          (select (i32.const 2) (i32.const 3) (local.get $whole)))))
        (local.set $target (i32.load (i32.add (local.get $upperStarts) (i32.shl (local.get $row) (i32.const 2)))))
        (local.set $column (local.get $row))
        (block $rowDone
          (loop $each
            (br_if $rowDone (i32.ge_u (local.get $column) (local.get $size)))
            (local.set $count (if (result f64) (local.get $whole)
              (then (f64.convert_i32_u (i32.load (i32.add (local.get $base) (i32.shl (local.get $column) (i32.const 2))))))
              (else (f64.load (i32.add (local.get $base) (i32.shl (local.get $column) (i32.const 3)))))))
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
        (br $eachRow)))))
