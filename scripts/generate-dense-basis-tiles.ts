// Writes the tile functions of src/engine/compute/cpu/dense-basis.wat (between its "generated
// tiles" markers): sixteen functions that differ only in their tile shape, too regular to keep by
// hand. Run it after changing a tile, then `npm run build:wasm`.
//
//   tsx scripts/generate-dense-basis-tiles.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const file = join(import.meta.dirname, '../src/engine/compute/cpu/dense-basis.wat');
const begin = '  ;; --- generated tiles (scripts/generate-dense-basis-tiles.ts) ---\n';
const end = '  ;; --- end of generated tiles ---\n';
/** Tile widths in f32x4 vectors: 20, 16, 8 and 4 columns. */
const vectorCounts = [5, 4, 2, 1];

const offset = (vector: number) => (vector === 0 ? '' : ` offset=${16 * vector}`);
const range = (count: number) => Array.from({ length: count }, (_, index) => index);
const accumulators = (tiles: number, vectors: number) =>
  range(tiles).flatMap((a) => range(vectors).map((i) => `(local $a${a}${i} v128)`)).join(' ');
const multiplyAdd = (a: number, i: number) => `        (local.set $a${a}${i} (f32x4.add (local.get $a${a}${i}) (f32x4.mul (local.get $s${a}) (local.get $v))))`;

/** C[k..k+kt, j..j+4v] += Σ over `count` rows of P[r, k..k+kt]ᵀ·Z[r, j..j+4v]. */
function across(kt: number, v: number): string {
  const lines = [
    `  ;; ${kt}×${4 * v} tile of C += P[rows, k..k+${kt}]ᵀ·Z[rows, j..j+${4 * v}]`,
    `  (func $across${kt}x${4 * v}`,
    '    (param $p i32) (param $pStride i32) (param $z i32) (param $zStride i32) (param $count i32) (param $c i32) (param $cStride i32)',
    `    (local $end i32) (local $v v128) ${range(kt).map((a) => `(local $s${a} v128)`).join(' ')} ${accumulators(kt, v)}`,
    '    (local.set $end (i32.add (local.get $z) (i32.mul (local.get $count) (local.get $zStride))))',
    '    (block $done',
    '      (br_if $done (i32.eqz (local.get $count)))',
    '      (loop $row',
    ...range(kt).map((a) => `        (local.set $s${a} (v128.load32_splat${a === 0 ? '' : ` offset=${4 * a}`} align=4 (local.get $p)))`),
    ...range(v).flatMap((i) => [`        (local.set $v (v128.load${offset(i)} align=4 (local.get $z)))`, ...range(kt).map((a) => multiplyAdd(a, i))]),
    '        (local.set $p (i32.add (local.get $p) (local.get $pStride)))',
    '        (local.set $z (i32.add (local.get $z) (local.get $zStride)))',
    '        (br_if $row (i32.lt_u (local.get $z) (local.get $end)))))',
  ];
  range(kt).forEach((a) => {
    for (const i of range(v)) {
      lines.push(`    (v128.store${offset(i)} align=4 (local.get $c) (f32x4.add (v128.load${offset(i)} align=4 (local.get $c)) (local.get $a${a}${i})))`);
    }
    if (a < kt - 1) lines.push('    (local.set $c (i32.add (local.get $c) (local.get $cStride)))');
  });
  lines[lines.length - 1] += ')';
  return lines.join('\n');
}

/** Y[r..r+rt, j..j+4v] = P[r..r+rt, 0..k]·X[0..k, j..j+4v], or Z − that. */
function down(rt: number, v: number): string {
  const row = (base: string, a: number) => (a === 0 ? `(local.get $${base})` : `(i32.add (local.get $${base}) (local.get $yStride))`);
  const lines = [
    `  ;; ${rt}×${4 * v} tile of Y = P[r..r+${rt}, 0..k]·X[0..k, j..j+${4 * v}], or of Y = Z − that`,
    `  (func $down${rt}x${4 * v}`,
    '    (param $p i32) (param $pStride i32) (param $x i32) (param $xStride i32) (param $k i32) (param $y i32) (param $z i32) (param $yStride i32) (param $subtract i32)',
    `    (local $end i32) (local $v v128) ${range(rt).map((a) => `(local $s${a} v128)`).join(' ')} ${accumulators(rt, v)}`,
    '    (local.set $end (i32.add (local.get $p) (i32.shl (local.get $k) (i32.const 2))))',
    '    (block $done',
    '      (br_if $done (i32.eqz (local.get $k)))',
    '      (loop $step',
    ...range(rt).map((a) =>
      a === 0
        ? '        (local.set $s0 (v128.load32_splat align=4 (local.get $p)))'
        : `        (local.set $s${a} (v128.load32_splat align=4 (i32.add (local.get $p) (local.get $pStride))))`,
    ),
    ...range(v).flatMap((i) => [`        (local.set $v (v128.load${offset(i)} align=4 (local.get $x)))`, ...range(rt).map((a) => multiplyAdd(a, i))]),
    '        (local.set $p (i32.add (local.get $p) (i32.const 4)))',
    '        (local.set $x (i32.add (local.get $x) (local.get $xStride)))',
    '        (br_if $step (i32.lt_u (local.get $p) (local.get $end)))))',
    '    (if (local.get $subtract)',
    '      (then',
    ...range(rt).flatMap((a) =>
      range(v).map((i) => `        (local.set $a${a}${i} (f32x4.sub (v128.load${offset(i)} align=4 ${row('z', a)}) (local.get $a${a}${i})))`),
    ),
  ];
  lines[lines.length - 1] += '))';
  for (const a of range(rt)) for (const i of range(v)) lines.push(`    (v128.store${offset(i)} align=4 ${row('y', a)} (local.get $a${a}${i}))`);
  lines[lines.length - 1] += ')';
  return lines.join('\n');
}

const tiles = [...vectorCounts.flatMap((v) => [across(2, v), across(1, v)]), ...vectorCounts.flatMap((v) => [down(2, v), down(1, v)])];
const text = readFileSync(file, 'utf8');
const from = text.indexOf(begin);
const to = text.indexOf(end);
if (from < 0 || to < from) throw new Error(`${file}: the generated-tiles markers are missing`);
writeFileSync(file, text.slice(0, from + begin.length) + tiles.join('\n\n') + '\n' + text.slice(to));
console.log(`generate-dense-basis-tiles: ${tiles.length} tiles -> ${file}`);
