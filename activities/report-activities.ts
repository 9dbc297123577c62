import type { MikroORM } from '@mikro-orm/postgresql';
import { computeReportFigures, type ReportFigures, type ReportFiguresInput } from '../src/reports/report-figures.js';

export interface ReportActivityDeps {
  orm: MikroORM;
}

/** The satisfaction report's figures, read from PostgreSQL by SQL (see src/reports/report-figures.ts). */
export function createReportActivities({ orm }: ReportActivityDeps) {
  return {
    async computeReportFigures(input: ReportFiguresInput): Promise<ReportFigures> {
      return computeReportFigures(orm.em.fork(), input);
    },
  };
}

export type ReportActivities = ReturnType<typeof createReportActivities>;
