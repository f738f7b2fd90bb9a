// One thread of the cpu backend: instantiates the kernels' modules over the pool's shared memory,
// then runs each job it is sent. A trap (out-of-bounds access, unreachable) becomes a 'failed'
// reply so the caller's promise rejects and this thread stays usable.

import { parentPort, workerData } from 'node:worker_threads';
import type { WasmJobRequest, WasmWorkerReply, WasmWorkerSetup } from './wasm-pool-protocol';
import { webAssembly, type WasmInstance } from './webassembly';

type Export = (...args: number[]) => unknown;

const port = parentPort;
if (!port) throw new Error('wasm-pool.worker must run in a worker thread');

if (!webAssembly) throw new Error('this runtime has no WebAssembly');
const setup = workerData as WasmWorkerSetup;
const instances = new Map<string, WasmInstance>();
for (const [name, module] of Object.entries(setup.modules)) {
  instances.set(name, new webAssembly.Instance(module, { env: { memory: setup.memory } }));
}

function reply(message: WasmWorkerReply): void {
  port!.postMessage(message);
}

port.on('message', (job: WasmJobRequest) => {
  try {
    const instance = instances.get(job.module);
    if (!instance) throw new Error(`module ${job.module} was not loaded in this worker`);
    const run = instance.exports[job.exportName];
    if (typeof run !== 'function') throw new Error(`module ${job.module} has no export ${job.exportName}`);
    (run as Export)(...job.args);
    reply({ type: 'done', id: job.id });
  } catch (error) {
    reply({ type: 'failed', id: job.id, message: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
  }
});

reply({ type: 'ready' });
