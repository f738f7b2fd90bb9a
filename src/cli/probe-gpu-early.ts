/**
 * Starts the GPU probe (a child process that loads Dawn and asks for an adapter, about 0.1 s) as a
 * command that will pick a backend begins, so it runs on another core while the command's modules
 * and the corpus load, instead of before the work. The probe is asked once per process
 * (probeWebGpu), so the backend choice later takes this answer. Nothing is probed when the
 * backend is forced to the cpu (--backend or FIRTH_BACKEND), nor for --help.
 */
export function probeGpuEarly(args: string[]): void {
  if (!gpuMayBeAsked(args, process.env.FIRTH_BACKEND)) return;
  // A failed probe is an answer (probeWebGpu never throws); a failed import is the command's to report.
  import('../engine/compute/webgpu/adapter').then((adapter) => adapter.probeWebGpu()).catch(() => undefined);
}

/** Whether a command with these arguments may probe the GPU: not for --help, nor with the backend forced to cpu or webasm. */
export function gpuMayBeAsked(args: string[], environmentBackend: string | undefined): boolean {
  if (args.includes('--help') || args.includes('-h')) return false;
  const choice = backendFlag(args) ?? environmentBackend;
  return choice !== 'cpu' && choice !== 'webasm';
}

/** The value of --backend X or --backend=X, as parseArgs reads it (the last one wins). */
export function backendFlag(args: string[]): string | undefined {
  let value: string | undefined;
  args.forEach((argument, index) => {
    if (argument === '--backend') value = args[index + 1];
    else if (argument.startsWith('--backend=')) value = argument.slice('--backend='.length);
  });
  return value;
}
