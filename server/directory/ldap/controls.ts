// Wire encodings for password writes: the Password Modify request (RFC 3062), AD's unicodePwd and policy-hints control.
import { Ber, BerWriter, Control } from 'ldapts';

export const passwordModifyOid = '1.3.6.1.4.1.4203.1.11.1';
export const policyHintsOid = '1.2.840.113556.1.4.2239';

/**
 * PasswdModifyRequestValue ::= SEQUENCE { userIdentity [0] OCTET STRING, oldPasswd [1] OCTET STRING OPTIONAL,
 * newPasswd [2] OCTET STRING }; oldPasswd only for a user's own change.
 */
export function passwordModifyRequest(userDn: string, newPassword: string, oldPassword?: string): Buffer {
  const w = new BerWriter();
  w.startSequence();
  w.writeString(userDn, 0x80);
  if (oldPassword !== undefined) w.writeString(oldPassword, 0x81);
  w.writeString(newPassword, 0x82);
  w.endSequence();
  return w.buffer;
}

/** AD's unicodePwd value: the password in double quotes, UTF-16LE. */
export function unicodePwd(password: string): Buffer {
  return Buffer.from(`"${password}"`, 'utf16le');
}

/**
 * LDAP_SERVER_POLICY_HINTS: makes Active Directory apply password history (and minimum age) to an administrative
 * reset, as it does for a user's own change. Value: SEQUENCE { Flags INTEGER (1) }. Critical, so that a server
 * that does not know it refuses the write instead of skipping history.
 */
export class PolicyHintsControl extends Control {
  constructor() {
    super(policyHintsOid, { critical: true });
  }

  protected override writeControl(writer: BerWriter): void {
    const value = new BerWriter();
    value.startSequence();
    value.writeInt(1);
    value.endSequence();
    writer.writeBuffer(value.buffer, Ber.OctetString);
  }
}
