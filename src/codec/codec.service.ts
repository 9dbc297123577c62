import { Inject, Injectable } from '@nestjs/common';
import type { Payload } from '@temporalio/common';
import { AuthService } from '../auth/auth.service.js';
import { TokenError } from '../auth/token.js';
import { ForbiddenError, UnauthorizedError, UnprocessableError } from '../common/errors.js';
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

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly auth: AuthService,
  ) {
    this.codec = new EncryptionCodec(config.payloadKeys);
  }

  /** Who an operator's token names, and when it expires; the token is refused for any other role. */
  operatorSession(token: string): { operator: string; expiresAt: string | null } {
    let caller: ReturnType<AuthService['verify']>;
    try {
      caller = this.auth.verify(token);
    } catch (err) {
      if (err instanceof TokenError) throw new UnauthorizedError(`the token is refused: ${err.message}`);
      throw err;
    }
    if (caller.role !== 'operator') throw new ForbiddenError(`role ${caller.role} may not decode payloads; only operator may`);
    return { operator: caller.id, expiresAt: caller.exp === undefined ? null : new Date(caller.exp * 1000).toISOString() };
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
