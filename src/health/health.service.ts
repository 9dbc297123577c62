import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TemporalService, type TaskQueuePollers } from '../temporal/temporal.service.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  temporal: { reachable: boolean };
  database: { reachable: boolean };
  /** Whether any worker polls the task queue for workflow and for activity tasks, as Temporal describes it. */
  workers: { polling: boolean; taskQueue: string; workflowPollers: number; activityPollers: number };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly temporal: TemporalService,
    private readonly em: EntityManager,
  ) {}

  async check(): Promise<HealthReport> {
    const [pollers, database] = await Promise.all([this.pollers(), this.databaseReachable()]);
    const temporal = pollers !== null || (await this.temporal.isReachable());
    const { workflow = 0, activity = 0 } = pollers ?? {};
    const polling = workflow > 0 && activity > 0;
    return {
      status: temporal && database && polling ? 'ok' : 'degraded',
      temporal: { reachable: temporal },
      database: { reachable: database },
      workers: { polling, taskQueue: this.temporal.taskQueue, workflowPollers: workflow, activityPollers: activity },
    };
  }

  private async pollers(): Promise<TaskQueuePollers | null> {
    try {
      return await this.temporal.pollers();
    } catch {
      return null;
    }
  }

  private async databaseReachable(): Promise<boolean> {
    try {
      await this.em.getConnection().execute('select 1');
      return true;
    } catch {
      return false;
    }
  }
}
