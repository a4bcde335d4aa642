// Starts the Contoso demo sign-in site beside a test service (real HTTP on loopback, real tickets).

import { startDemoFor as startForRuntime } from '../../demo/for-runtime.ts';
import type { RunningDemo } from '../../demo/server.ts';
import type { TestService } from './service.ts';

/** The demo site for `t`; close it before the service. */
export function startDemoFor(t: TestService): Promise<RunningDemo> {
  return startForRuntime(t.rt, t.url);
}
