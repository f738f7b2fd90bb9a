import { describe, expect, it } from 'vitest';
import { backendFlag, gpuMayBeAsked } from '../../../src/cli/probe-gpu-early';

// train and sweep start the GPU probe before their modules load, unless the GPU cannot be chosen.

describe('probing the GPU early', () => {
  it('reads --backend as parseArgs does, in both spellings, the last one winning', () => {
    expect(backendFlag(['sppmi-svd', '--corpus', 'a.txt'])).toBeUndefined();
    expect(backendFlag(['sppmi-svd', '--backend', 'cpu'])).toBe('cpu');
    expect(backendFlag(['sppmi-svd', '--backend=webasm'])).toBe('webasm');
    expect(backendFlag(['--backend', 'cpu', '--backend=gpu'])).toBe('gpu');
  });

  it('probes unless the backend is forced to the cpu by the flag or FIRTH_BACKEND, and never for --help', () => {
    expect(gpuMayBeAsked(['sppmi-svd', '--corpus', 'a.txt'], undefined)).toBe(true);
    expect(gpuMayBeAsked(['sppmi-svd', '--backend', 'gpu'], 'cpu')).toBe(true);
    expect(gpuMayBeAsked(['sppmi-svd', '--backend', 'cpu'], undefined)).toBe(false);
    expect(gpuMayBeAsked(['sppmi-svd'], 'webasm')).toBe(false);
    expect(gpuMayBeAsked(['sppmi-svd', '--help'], undefined)).toBe(false);
    expect(gpuMayBeAsked(['-h'], 'auto')).toBe(false);
  });
});
