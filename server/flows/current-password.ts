// Checking a user's current password (password change, registration sessions) with the same work for everyone.
import type { DirectoryUser } from '../directory/directory.ts';
import { burnVerify } from '../security/passwords.ts';
import type { Services } from '../services.ts';

/** An id no directory holds: the unknown path looks it up, as the real path looks up the user. */
const nobody = '00000000-0000-4000-8000-000000000000';

/**
 * True when the password is the user's. An unknown, disabled or missing user costs what a real one does: the
 * directory's own lookup (a query of an id nobody has; a search for LDAP) and one Argon2 verification, so the
 * answer's timing says nothing about whether the name exists (bench/timing.ts measures it).
 */
export async function checkCurrentPassword(
  s: Services,
  user: DirectoryUser | null,
  password: string,
): Promise<boolean> {
  if (user && !user.disabled) return s.directory.verifyPassword(user.id, password);
  await s.directory.verifyPassword(nobody, password).catch(() => false);
  await burnVerify(s.keys, password);
  return false;
}
