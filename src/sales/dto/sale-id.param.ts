import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { EXTERNAL_ID, EXTERNAL_ID_MESSAGE } from '../../common/ids.js';

export class SaleIdParam {
  @ApiProperty({ example: 'S-2026-0001', pattern: EXTERNAL_ID.source })
  @Matches(EXTERNAL_ID, { message: EXTERNAL_ID_MESSAGE })
  saleId!: string;
}
