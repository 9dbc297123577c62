import { TestWorkflowEnvironment } from '@temporalio/testing';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes.js';
import { testDataConverter } from './encryption.js';
import { requireEnv } from './env.js';

/**
 * The time-skipping test server built from Maven Central (see scripts/lib.sh), started by the SDK,
 * with the workflows' custom search attributes registered as the dev server registers them. Its client encrypts
 * payloads as the API's does, so workers in workflow tests take `dataConverter: testDataConverter` too.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const env = await startTestServer();
  await env.connection.operatorService.addSearchAttributes({
    namespace: env.namespace ?? 'default',
    searchAttributes: Object.fromEntries(
      CUSTOM_SEARCH_ATTRIBUTES.map(({ name, type }) => [name, encodeSearchAttributeIndexedValueType(type)!]),
    ),
  });
  return env;
}

/** The SDK gives the Java server 5 s to start; a busy machine (2 cores, parallel builds) sometimes needs longer. */
async function startTestServer(attempts = 3): Promise<TestWorkflowEnvironment> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path: requireEnv('TEMPORAL_TEST_SERVER') } },
        client: { dataConverter: testDataConverter },
      });
    } catch (err) {
      if (attempt >= attempts || !/did not start within/.test(String(err))) throw err;
    }
  }
}
