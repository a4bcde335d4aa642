// The Hono environment shared by every route: who is calling.
import type { Caller } from '../services.ts';

export interface Env {
  Variables: { caller: Caller };
}
