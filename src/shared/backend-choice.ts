// Which backend a command runs on, decided without zod: `firth info --backend cpu` and `firth --help`
// start in a fraction of a second, and loading the schema library alone costs a good part of that.
import { FirthError } from './errors';

/** Where kernels run: `gpu` = gpu.js on WebGPU (Dawn), `cpu` = native WebAssembly SIMD on worker
 * threads, `webasm` = gpu.js's own WebAssembly mode. `auto` picks gpu when a hardware adapter
 * answers, else cpu. */
export const backendNames = ['gpu', 'cpu', 'webasm'] as const;
const backendChoices = ['auto', ...backendNames] as const;
type BackendChoice = (typeof backendChoices)[number];

/** Which choice wins: a command-line flag, then FIRTH_BACKEND, then the saved setting. */
export function pickBackendChoice(flag: string | undefined, environment: string | undefined, setting: BackendChoice): {
  choice: BackendChoice;
  source: 'flag' | 'environment' | 'setting';
} {
  if (flag !== undefined) return { choice: parseBackendChoice(flag, '--backend'), source: 'flag' };
  if (environment) return { choice: parseBackendChoice(environment, 'FIRTH_BACKEND'), source: 'environment' };
  return { choice: setting, source: 'setting' };
}

function parseBackendChoice(value: string, field: string): BackendChoice {
  const choice = value.trim().toLowerCase();
  if ((backendChoices as readonly string[]).includes(choice)) return choice as BackendChoice;
  throw new FirthError('invalid-input', `${field} must be one of auto, gpu, cpu, webasm (got "${value}")`, { field });
}
