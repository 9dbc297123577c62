import { Global, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { stopTracing } from '../telemetry/tracing.js';
import { ApiMetrics } from './api-metrics.js';
import { BusinessMetrics } from './business-metrics.js';
import { MetricsServer } from './metrics-server.js';

/** Sends the spans still buffered before the process exits. */
@Injectable()
class TracingShutdown implements OnApplicationShutdown {
  async onApplicationShutdown(): Promise<void> {
    await stopTracing();
  }
}

@Global()
@Module({ providers: [ApiMetrics, BusinessMetrics, MetricsServer, TracingShutdown], exports: [ApiMetrics, BusinessMetrics, MetricsServer] })
export class MetricsModule {}
