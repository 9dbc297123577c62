import { createRequire } from 'node:module';
import { IncomingMessage } from 'node:http';
import type { Span } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { PgInstrumentation } from '@opentelemetry/instrumentation-pg';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, NoopSpanProcessor, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { ClientInterceptors } from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import type { AppConfig } from '../config/config.js';
import { routeTemplate } from '../metrics/route-template.js';

/** Requests that would drown the traces that matter: probes and scrapes. */
const UNTRACED_PATHS = new Set(['/health', '/metrics', '/livez', '/readyz']);

interface Tracing {
  provider: NodeTracerProvider;
  processor: SpanProcessor;
  resource: Resource;
}

let tracing: Tracing | undefined;

const ATTR_DB_STATEMENT = 'db.statement';

/**
 * SQL with every literal replaced by `?`: quoted strings (names, phones, JSON), dollar-quoted strings and numbers.
 * Identifiers stay, so the statement still says what it read or wrote.
 */
export function withoutLiterals(sql: string): string {
  return sql
    .replace(/\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g, '?')
    // E'…' strings take backslash escapes; standard ones only a doubled quote.
    .replace(/\b[Ee]'(?:[^'\\]|''|\\.)*'|'(?:[^']|'')*'/g, '?')
    .replace(/(?<![\w$."])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b/g, '?');
}


/** Whether this process traces: startTracing ran with an endpoint (or an exporter). */
export const tracingActive = (): boolean => tracing !== undefined;

export function tracingEnabled(config: Pick<AppConfig, 'OTEL_EXPORTER_OTLP_ENDPOINT' | 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'>): boolean {
  return Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT ?? config.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/**
 * Starts OpenTelemetry tracing, exported over OTLP/HTTP (the exporter reads the OTEL_EXPORTER_OTLP_* variables), when
 * an endpoint is configured, or to `exporter` (tests). Must run before the modules it instruments are loaded: the entry
 * points import the rest of the process only after it.
 */
export function startTracing(config: AppConfig, defaultServiceName: string, exporter?: SpanExporter): void {
  if ((!exporter && !tracingEnabled(config)) || tracing) return;
  const resource = new Resource({ [ATTR_SERVICE_NAME]: config.OTEL_SERVICE_NAME ?? defaultServiceName });
  const processor = exporter ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(new OTLPTraceExporter());
  const provider = new NodeTracerProvider({ resource, spanProcessors: [processor] });
  provider.register();
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0] ?? ''),
        // Named by the route template, as the request metrics are: `POST /sales`, `GET /sales/:saleId`.
        applyCustomAttributesOnSpan: (span: Span, request) => {
          // Also called for outgoing requests (a ClientRequest), which have no route.
          if (!(request instanceof IncomingMessage)) return;
          const route = routeTemplate(request);
          if (route === 'unmatched') return;
          span.setAttribute('http.route', route);
          span.updateName(`${request.method ?? 'GET'} ${route}`);
        },
      }),
      // The ORM writes values into the statement text: the span keeps the statement without them.
      new PgInstrumentation({
        enhancedDatabaseReporting: false,
        requestHook: (span, { query }) => span.setAttribute(ATTR_DB_STATEMENT, withoutLiterals(query.text)),
      }),
    ],
  });
  // ESM imports of these CommonJS modules share require's cache: loading them here lets the hooks patch them.
  const require = createRequire(import.meta.url);
  require('http');
  require('pg');
  tracing = { provider, processor, resource };
}

/** Flushes the spans still buffered; the entry points call it before the process exits. */
export async function stopTracing(): Promise<void> {
  await tracing?.provider.shutdown();
  tracing = undefined;
}

/** The Temporal client's interceptors: a span per start, signal, query and update, its context sent in the headers. */
export function tracingClientInterceptors(): ClientInterceptors | undefined {
  return tracing ? { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } : undefined;
}

/** The worker's activity interceptors: a span per activity, child of the span that scheduled it. */
export function tracingActivityInterceptors(): ActivityInterceptorsFactory[] {
  if (!tracing) return [];
  return [(ctx) => ({ inbound: new OpenTelemetryActivityInboundInterceptor(ctx), outbound: new OpenTelemetryActivityOutboundInterceptor(ctx) })];
}

/**
 * The sink the traced workflow bundle's interceptor sends its spans to (src/temporal/workflow-bundle.ts); without
 * tracing started (replaying that bundle in tests) it drops them.
 */
export function workflowSpanSinks(): InjectedSinks<OpenTelemetrySinks> {
  return { exporter: makeWorkflowExporter(tracing?.processor ?? new NoopSpanProcessor(), tracing?.resource ?? Resource.empty()) };
}
