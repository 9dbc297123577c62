// The figures of a stored report (DOMAIN §5), as src/reports/report-figures.ts computes them; the OpenAPI document
// carries them as a free-form object, so their shape is stated here for the page.
export interface Figure {
  value: number | null;
  target: number | null;
  met: boolean | null;
}
export interface SegmentFigure {
  key: string | null;
  surveys: number;
  meanScore: number | null;
}
export interface ReportFigures {
  dataAsOf: string;
  callbacks: { due: number; reached: number; surveysCompleted: number };
  callbackSuccessRate: Figure;
  surveyRate: Figure;
  questionnaires: { sent: number; returned: number };
  questionnaireReturnRate: Figure;
  surveys: { recorded: number; rated: number };
  satisfaction: Figure;
  dimensions: { product: number | null; attitude: number | null; speed: number | null; service: number | null };
  breakdowns: Record<'customerCategory' | 'keyAccount' | 'region' | 'industry' | 'productModel', SegmentFigure[]>;
  trend: { label: string; surveys: number; satisfaction: number | null }[];
  cases: {
    received: number;
    byClassification: { key: string | null; count: number }[];
    byPriority: { key: string | null; count: number }[];
    byDepartment: { key: string | null; count: number }[];
    topProblems: { problem: string; count: number }[];
    resolved: number;
    resolutionRate: Figure;
    onTimeByStage: { stage: string; entered: number; missed: number; rate: number | null }[];
    escalations: number;
    revisits: number;
    satisfiedRevisits: number;
    revisitSatisfactionRate: Figure;
  };
  complaints: { count: number; deliveries: number; per100Deliveries: number | null };
  opinions: { callbackId: string; customerId: string; opinions: string | null }[];
}
