import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's pure modules import the shared contract as the app's bundler resolves it.
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src/shared') } },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/reliability/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Dawn reads the Vulkan ICD from the OS environment when it starts: SwiftShader lets the gpu.js
    // WebGPU kernels be tested for correctness on a machine without a GPU.
    env: {
      XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? '/tmp',
      VK_ICD_FILENAMES: process.env.VK_ICD_FILENAMES ?? '/usr/lib/chromium/vk_swiftshader_icd.json',
    },
  },
});
