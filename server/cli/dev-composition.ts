// The seam through which `regain serve --dev` gets its development companions without server/ importing them.
import type { Runtime } from '../runtime.ts';

/** Development companions of the service, supplied by the entry point (bin/regain.js → demo/dev-composition.ts). */
export interface DevComposition {
  /** Origins allowed to call the API in development, beside the configured ones. */
  corsOrigins(): Promise<string[]>;
  /** Starts what runs beside a development service, once it listens at `url`. */
  start(rt: Runtime, url: string): Promise<{ close(): Promise<void> }>;
}

/** How the CLI loads the composition: lazily, so a production `serve` never loads the demo at all. */
export type DevCompositionLoader = () => Promise<DevComposition>;
