// UTF-8 structure, for the two things TextDecoder does not tell us: where exactly an invalid byte is
// (its error has no offset, and a person fixing a corpus needs one), and how many bytes at the end of
// a chunk start a character that the next chunk completes.

/** Bytes a sequence starting with `lead` has, or 0 when `lead` cannot start a sequence. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0; // a continuation byte, an overlong lead (C0, C1) or beyond U+10FFFF (F5–FF)
}

/** The allowed range of the second byte, which is where overlong forms, surrogates and code points
 * above U+10FFFF show up (Unicode Table 3-7, "Well-Formed UTF-8 Byte Sequences"). */
function secondByteAllowed(lead: number, second: number): boolean {
  if (lead === 0xe0) return second >= 0xa0 && second <= 0xbf;
  if (lead === 0xed) return second >= 0x80 && second <= 0x9f;
  if (lead === 0xf0) return second >= 0x90 && second <= 0xbf;
  if (lead === 0xf4) return second >= 0x80 && second <= 0x8f;
  return second >= 0x80 && second <= 0xbf;
}

const isContinuation = (byte: number): boolean => (byte & 0xc0) === 0x80;

/**
 * Index of the first byte of the first ill-formed sequence in `bytes`, or -1 when all are well formed.
 * When `final` is false, a sequence cut short by the end of `bytes` is not an error: the next chunk
 * may complete it.
 */
export function findInvalidUtf8(bytes: Uint8Array, final: boolean): number {
  let index = 0;
  while (index < bytes.length) {
    const lead = bytes[index];
    if (lead < 0x80) {
      index++;
      continue;
    }
    const length = sequenceLength(lead);
    if (length === 0) return index;
    for (let offset = 1; offset < length; offset++) {
      if (index + offset >= bytes.length) return final ? index : -1;
      const byte = bytes[index + offset];
      const allowed = offset === 1 ? secondByteAllowed(lead, byte) : isContinuation(byte);
      if (!allowed) return index;
    }
    index += length;
  }
  return -1;
}

/** How many bytes at the end of well-formed `bytes` begin a character that is not complete yet. */
export function incompleteTailLength(bytes: Uint8Array): number {
  const lookBack = Math.min(3, bytes.length);
  for (let back = 1; back <= lookBack; back++) {
    const byte = bytes[bytes.length - back];
    if (isContinuation(byte)) continue;
    const length = sequenceLength(byte);
    return length > back ? back : 0;
  }
  return 0;
}
