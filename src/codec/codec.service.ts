import { Inject, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { UnprocessableError } from '../common/errors.js';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { EncryptionCodec, PayloadDecryptionError } from '../temporal/payload-codec.js';
import type { CodecPayloadsDto, PayloadJsonDto } from './dto/codec-payloads.dto.js';

const fromJson = ({ metadata, data }: PayloadJsonDto): Payload => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value, 'base64')])),
  data: Buffer.from(data ?? '', 'base64'),
});

const toJson = ({ metadata, data }: Payload): PayloadJsonDto => ({
  metadata: Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')])),
  data: Buffer.from(data ?? []).toString('base64'),
});

/** The worker's payload codec over HTTP, for the Temporal UI and CLI (the remote codec protocol). */
@Injectable()
export class CodecService {
  private readonly codec: EncryptionCodec;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.codec = new EncryptionCodec(config.payloadKeys);
  }

  async encode({ payloads }: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    return { payloads: (await this.codec.encode(payloads.map(fromJson))).map(toJson) };
  }

  /** Payloads that were never encrypted come back as they are. */
  async decode({ payloads }: CodecPayloadsDto): Promise<CodecPayloadsDto> {
    const decoded = await Promise.all(
      payloads.map(async (payload, index) => {
        try {
          const [plain] = await this.codec.decode([fromJson(payload)]);
          return toJson(plain);
        } catch (err) {
          if (err instanceof PayloadDecryptionError) throw new UnprocessableError(`payloads.${index}: ${err.message}`);
          throw err;
        }
      }),
    );
    return { payloads: decoded };
  }
}
