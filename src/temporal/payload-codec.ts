import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { PayloadKeys } from '../config/config.js';

const { Payload: PayloadMessage } = proto.temporal.api.common.v1;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A payload the codec cannot decode: its key is not configured, or its bytes were altered. */
export class PayloadDecryptionError extends Error {}

const text = (bytes: Uint8Array | null | undefined) => (bytes ? Buffer.from(bytes).toString('utf8') : undefined);

/**
 * Encrypts whole payloads (data and metadata) with AES-256-GCM, so the Temporal server and its database hold
 * no personal data. Each payload names the key that encrypted it, so keys can rotate while older histories
 * still decode; payloads recorded before encryption was on pass through unchanged.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: Map<string, Buffer>;

  constructor(private readonly payloadKeys: PayloadKeys) {
    this.keys = new Map([...payloadKeys.previous, [payloadKeys.current.id, payloadKeys.current.key]]);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const { id, key } = this.payloadKeys.current;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      // The key id is authenticated too: a payload relabelled with another key id does not decode.
      cipher.setAAD(Buffer.from(id));
      const sealed = Buffer.concat([cipher.update(PayloadMessage.encode(payload).finish()), cipher.final()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: Buffer.from(id) },
        data: Buffer.concat([iv, sealed, cipher.getAuthTag()]),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decodeOne(payload));
  }

  private decodeOne(payload: Payload): Payload {
    if (text(payload.metadata?.[METADATA_ENCODING_KEY]) !== ENCRYPTED_ENCODING) return payload;
    const id = text(payload.metadata?.[KEY_ID_METADATA]);
    if (!id) throw new PayloadDecryptionError(`encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const key = this.keys.get(id);
    if (!key) {
      throw new PayloadDecryptionError(
        `payload encrypted with key id "${id}", which is not configured: set it as PAYLOAD_ENCRYPTION_KEY_ID or add it to PAYLOAD_ENCRYPTION_PREVIOUS_KEYS`,
      );
    }
    const data = Buffer.from(payload.data ?? []);
    if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`encrypted payload (key id "${id}") is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(`encrypted payload (key id "${id}") failed authentication: it was altered, or key "${id}" is not the key that encrypted it`);
    }
    return PayloadMessage.decode(plain);
  }
}

/** The data converter of every Temporal client and worker: default conversion, failure messages as payloads, then encryption. */
export function encryptingDataConverter(payloadKeys: PayloadKeys): DataConverter {
  return {
    failureConverterPath: fileURLToPath(new URL('./failure-converter.js', import.meta.url)),
    payloadCodecs: [new EncryptionCodec(payloadKeys)],
  };
}
