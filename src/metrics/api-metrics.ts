import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { routeTemplate } from './route-template.js';

/** Seconds: a list read in milliseconds up to a call that waited on Temporal's deadline. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The API process's Prometheus registry: request metrics, Temporal client calls, Node's own, and the business gauges. */
@Injectable()
export class ApiMetrics {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'aftercare_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  readonly temporalCalls = new Histogram({
    name: 'aftercare_temporal_client_request_duration_seconds',
    help: "Time of the API's calls to the Temporal frontend (gRPC method and status code), retries included",
    labelNames: ['grpc_method', 'grpc_code'] as const,
    buckets: DURATION_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Express middleware: times every request, also those refused before a controller runs (401, 403, 413). */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    const stop = this.httpRequests.startTimer();
    res.once('finish', () => {
      stop({ method: METHODS.has(req.method) ? req.method : 'OTHER', route: routeTemplate(req), status_code: String(res.statusCode) });
    });
    next();
  };
}
