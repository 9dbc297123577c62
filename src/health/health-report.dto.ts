import { ApiProperty } from '@nestjs/swagger';
import type { HealthReport } from './health.service.js';

class ReachabilityDto {
  @ApiProperty() reachable!: boolean;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ type: ReachabilityDto }) temporal!: ReachabilityDto;
  @ApiProperty({ type: ReachabilityDto }) database!: ReachabilityDto;
}
