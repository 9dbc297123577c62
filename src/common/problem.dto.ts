import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldProblemDto {
  @ApiProperty({ example: 'customer.phone' }) field!: string;
  @ApiProperty({ type: [String], example: ['customer.phone must be a mainland mobile number'] }) problems!: string[];
}

/** Every error answer of the API (the exception filter's shape): what went wrong, and for a 400 each wrong field. */
export class ProblemDto {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'Bad Request', description: 'the kind of problem' }) error!: string;
  @ApiProperty({ example: 'invalid customer.phone', description: 'what was wrong, for a person to read' }) message!: string;
  @ApiPropertyOptional({ type: [FieldProblemDto], description: '400 only: each wrong or unknown field and what is wrong with it' })
  fields?: FieldProblemDto[];
}
