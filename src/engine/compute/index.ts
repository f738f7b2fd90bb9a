// The compute engine's public surface: find out which backends run here, start kernels on one.

export type { BackendChoice, BackendInfo, BackendName } from '../../shared/compute';
export { detectBackends, resolveBackend, type DetectBackendsOptions } from './backends';
export { createKernels, type CreateKernelsOptions } from './create-kernels';
export { cachedTranspose, checkCsr, longestRow, nonZeroCount, transposeCsr } from './csr';
export { kernelRuntimes, type GpujsMode, type KernelRuntime } from './kernel-registry';
export type { CsrMatrix, Kernels, PreparedSparse } from './kernels';
export { gramReference } from './reference/gram';
export { createReferenceKernels } from './reference/kernels';
export { matmulReference } from './reference/matmul';
export { sparseTimesDenseReference, sparseTransposeTimesDenseReference } from './reference/sparse-times-dense';
