/** Ctrl+C cancels the running work through its AbortSignal; a second Ctrl+C exits at once. */
export function cancelOnInterrupt(): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  let cancelledAtMs = 0;
  const onInterrupt = () => {
    if (!controller.signal.aborted) {
      cancelledAtMs = Date.now();
      process.stderr.write('\nCancelling… (Ctrl+C again to quit at once)\n');
      controller.abort();
      return;
    }
    // One key press can arrive twice in quick succession (seen with worker threads busy): only a
    // press a moment later is a deliberate second one.
    if (Date.now() - cancelledAtMs > 500) process.exit(130);
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', onInterrupt);
      process.off('SIGTERM', onInterrupt);
    },
  };
}
