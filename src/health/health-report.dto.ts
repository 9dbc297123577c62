import { ApiProperty } from '@nestjs/swagger';
import type { HealthReport } from './health.service.js';

class ReachabilityDto {
  @ApiProperty() reachable!: boolean;
}

class WorkersDto {
  @ApiProperty({ description: 'a worker polls the task queue for both workflow and activity tasks' }) polling!: boolean;
  @ApiProperty() taskQueue!: string;
  @ApiProperty({ description: 'workers whose latest workflow-task poll began within WORKER_POLL_MAX_AGE_S' }) workflowPollers!: number;
  @ApiProperty({ description: 'workers whose latest activity-task poll began within WORKER_POLL_MAX_AGE_S' }) activityPollers!: number;
}

export class HealthReportDto implements HealthReport {
  @ApiProperty({ enum: ['ok', 'degraded'] }) status!: 'ok' | 'degraded';
  @ApiProperty({ type: ReachabilityDto }) temporal!: ReachabilityDto;
  @ApiProperty({ type: ReachabilityDto }) database!: ReachabilityDto;
  @ApiProperty({ type: WorkersDto }) workers!: WorkersDto;
}
