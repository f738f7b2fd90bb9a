// Frees an ArrayBuffer's memory now rather than at some later garbage collection: the buffer is
// transferred into a message on a channel whose ports are closed at once, so the message (which now
// owns the memory) is dropped undelivered. Every view of the buffer becomes empty (detached). For
// a large buffer the caller has a copy of elsewhere (SGNS's corpus ids, once in the shared memory of
// its worker threads), so that the process does not hold both while it trains.

export function releaseArrayBuffer(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0) return;
  const { port1, port2 } = new MessageChannel();
  port1.postMessage(null, [buffer]);
  port1.close();
  port2.close();
}
