/// <reference types="svelte" />
/// <reference types="vite/client" />

import type { FirthBridge } from '@shared/transport/bridge';

declare global {
  interface Window {
    /** The Electron preload exposes the service here; in a browser (web face) it is absent. */
    firth?: FirthBridge;
  }
}
