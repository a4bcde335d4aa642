// Vitest global set-up and tear-down: no stale regain-test-* policy file survives a run.
import { removeManagedPolicies } from '../../helpers/managed-policy.ts';

export const setup = (): Promise<void> => removeManagedPolicies();
export const teardown = (): Promise<void> => removeManagedPolicies();
