import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { FEEDBACK_CASE_NO } from '../feedback-case.entity.js';

export class CaseNoParam {
  @ApiProperty({ example: '20261123-PHONE-001', description: 'YYYYMMDD-CHANNEL-NNN', pattern: FEEDBACK_CASE_NO.source })
  @Matches(FEEDBACK_CASE_NO, { message: '$property must be a case number YYYYMMDD-CHANNEL-NNN, e.g. 20261123-PHONE-001' })
  caseNo!: string;
}
