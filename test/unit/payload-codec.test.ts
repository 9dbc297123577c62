import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { encodeFailure, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow/index.js';
import type { PayloadKeys } from '../../src/config/config.js';
import { EncryptionCodec, encryptingDataConverter, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError } from '../../src/temporal/payload-codec.js';
import { aDelivery } from '../support/fixtures.js';

const keys = (id: string, key = randomBytes(32), previous: [string, Buffer][] = []): PayloadKeys => ({
  current: { id, key },
  previous: new Map(previous),
});
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? []).toString('utf8');
const delivery = aDelivery();
const plain = (value: unknown = delivery): Payload => defaultPayloadConverter.toPayload(value)!;

describe('the payload encryption codec', () => {
  it('encrypts a payload so that nothing of it shows, and decodes it back as it was', async () => {
    const codec = new EncryptionCodec(keys('2026-01'));
    const original = plain();
    const [sealed] = await codec.encode([original]);
    assert.equal(text(sealed!.metadata!.encoding), ENCRYPTED_ENCODING);
    assert.equal(text(sealed!.metadata![KEY_ID_METADATA]), '2026-01');
    assert.deepEqual(Object.keys(sealed!.metadata!).sort(), ['encoding', KEY_ID_METADATA].sort());
    const bytes = Buffer.from(sealed!.data!);
    for (const secret of [delivery.buyer.name, delivery.buyer.phone, delivery.customer.name, 'json/plain']) {
      assert.ok(!bytes.includes(Buffer.from(secret)), `the encrypted payload shows ${secret}`);
    }
    const [decoded] = await codec.decode([sealed!]);
    assert.equal(text(decoded!.metadata!.encoding), 'json/plain');
    assert.deepEqual(defaultPayloadConverter.fromPayload(decoded!), delivery);
  });

  it('uses a fresh IV each time: the same payload never encrypts to the same bytes', async () => {
    const codec = new EncryptionCodec(keys('k'));
    const [a, b] = await codec.encode([plain(), plain()]);
    assert.notDeepEqual(Buffer.from(a!.data!), Buffer.from(b!.data!));
  });

  it('refuses a payload whose bytes were altered', async () => {
    const codec = new EncryptionCodec(keys('k'));
    const [sealed] = await codec.encode([plain()]);
    for (const at of [0, 20, sealed!.data!.length - 1]) {
      const data = Buffer.from(sealed!.data!);
      data[at]! ^= 0x01;
      await assert.rejects(codec.decode([{ ...sealed!, data }]), (err: unknown) =>
        err instanceof PayloadDecryptionError && /key id "k".*failed authentication: it was altered/.test(err.message),
      );
    }
    await assert.rejects(codec.decode([{ ...sealed!, data: sealed!.data!.subarray(0, 20) }]), /truncated/);
  });

  it('refuses a payload relabelled with another configured key id', async () => {
    const old = randomBytes(32);
    const codec = new EncryptionCodec(keys('new', randomBytes(32), [['old', old]]));
    const [sealed] = await codec.encode([plain()]);
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_METADATA]: Buffer.from('old') } };
    await assert.rejects(codec.decode([relabelled]), /key id "old".*failed authentication/);
  });

  it('names an unknown key id and the settings that would supply it', async () => {
    const [sealed] = await new EncryptionCodec(keys('2025-06')).encode([plain()]);
    await assert.rejects(new EncryptionCodec(keys('2026-01')).decode([sealed!]), (err: unknown) =>
      err instanceof PayloadDecryptionError &&
      err.message.includes('key id "2025-06", which is not configured') &&
      err.message.includes('PAYLOAD_ENCRYPTION_PREVIOUS_KEYS'),
    );
    const unnamed = { ...sealed!, metadata: { encoding: sealed!.metadata!.encoding! } };
    await assert.rejects(new EncryptionCodec(keys('2025-06')).decode([unnamed]), /no encryption-key-id metadata/);
  });

  it('passes through payloads recorded before encryption was switched on', async () => {
    const codec = new EncryptionCodec(keys('k'));
    const payloads = [plain(), plain(null), plain(undefined), defaultPayloadConverter.toPayload(new Uint8Array([1, 2, 3]))!];
    assert.deepEqual(await codec.decode(payloads), payloads);
  });

  it('rotates keys: new payloads take the current key, older ones still decode with the previous keys', async () => {
    const first = randomBytes(32);
    const before = new EncryptionCodec(keys('2025-06', first));
    const [older] = await before.encode([plain()]);
    const after = new EncryptionCodec(keys('2026-01', randomBytes(32), [['2025-06', first]]));
    const [newer] = await after.encode([plain()]);
    assert.equal(text(newer!.metadata![KEY_ID_METADATA]), '2026-01');
    const decoded = await after.decode([older!, newer!]);
    assert.deepEqual(decoded.map((p) => defaultPayloadConverter.fromPayload(p)), [delivery, delivery]);
    // The old key alone cannot read what the new key wrote.
    await assert.rejects(before.decode([newer!]), /key id "2026-01", which is not configured/);
  });

  it('moves failure messages into an encrypted payload: activity errors can quote customers from SQL', async () => {
    const converter = loadDataConverter(encryptingDataConverter(keys('k')));
    const error = new Error(`insert into "customer" values ('${delivery.buyer.name}', '${delivery.buyer.phone}') - connection terminated`);
    const failure = await encodeFailure(converter.payloadCodecs, converter.failureConverter.errorToFailure(error, converter.payloadConverter));
    assert.equal(failure.message, 'Encoded failure');
    assert.equal(text(failure.encodedAttributes!.metadata!.encoding), ENCRYPTED_ENCODING);
    assert.ok(!JSON.stringify(failure).includes(delivery.buyer.phone));
    assert.ok(!Buffer.from(failure.encodedAttributes!.data!).includes(Buffer.from(delivery.buyer.name)));
  });
});
