import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { TemporalService } from '../temporal/temporal.service.js';

export interface HealthReport {
  status: 'ok' | 'degraded';
  temporal: { reachable: boolean };
  database: { reachable: boolean };
}

@Injectable()
export class HealthService {
  constructor(
    private readonly temporal: TemporalService,
    private readonly em: EntityManager,
  ) {}

  async check(): Promise<HealthReport> {
    const [temporal, database] = await Promise.all([this.temporal.isReachable(), this.databaseReachable()]);
    return {
      status: temporal && database ? 'ok' : 'degraded',
      temporal: { reachable: temporal },
      database: { reachable: database },
    };
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
