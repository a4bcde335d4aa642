// Parses a CRX3 file's header (magic, version, protobuf CrxFileHeader) and checks its RSA signatures.
import { createPublicKey, verify } from 'node:crypto';

export interface Crx3 {
  magic: string;
  version: number;
  /** DER SPKI public keys of the sha256_with_rsa proofs. */
  rsaKeys: Buffer[];
  /** signed_header_data.crx_id as 32 hex digits. */
  crxIdHex: string;
  /** True when every RSA proof verifies over the signed data and the archive. */
  signaturesValid: boolean;
  zip: Buffer;
}

/** Protobuf length-delimited and varint fields of one message, by field number (wire types 0 and 2 only). */
function fields(buf: Buffer): Map<number, (Buffer | number)[]> {
  const out = new Map<number, (Buffer | number)[]>();
  let p = 0;
  const varint = () => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = buf[p++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (p < buf.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Buffer | number;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const len = varint();
      value = buf.subarray(p, p + len);
      p += len;
    } else throw new Error(`unexpected protobuf wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}

export function parseCrx3(file: Buffer): Crx3 {
  const magic = file.subarray(0, 4).toString('latin1');
  const version = file.readUInt32LE(4);
  const headerLen = file.readUInt32LE(8);
  const header = fields(file.subarray(12, 12 + headerLen));
  const zip = file.subarray(12 + headerLen);
  const signedData = (header.get(10000)?.[0] as Buffer | undefined) ?? Buffer.alloc(0);
  const crxId = (fields(signedData).get(1)?.[0] as Buffer | undefined) ?? Buffer.alloc(0);
  const proofs = (header.get(2) ?? []).map((b) => fields(b as Buffer));
  const rsaKeys = proofs.map((f) => f.get(1)?.[0] as Buffer);
  // What CRX3 signs: a fixed label, the signed header data with its length, then the whole archive.
  const lenLe = Buffer.alloc(4);
  lenLe.writeUInt32LE(signedData.length);
  const message = Buffer.concat([Buffer.from('CRX3 SignedData\x00', 'latin1'), lenLe, signedData, zip]);
  const signaturesValid =
    proofs.length > 0 &&
    proofs.every((f) =>
      verify(
        'sha256',
        message,
        createPublicKey({ key: f.get(1)?.[0] as Buffer, format: 'der', type: 'spki' }),
        f.get(2)?.[0] as Buffer,
      ),
    );
  return { magic, version, rsaKeys, crxIdHex: crxId.toString('hex'), signaturesValid, zip };
}
