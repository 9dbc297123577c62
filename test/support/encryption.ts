import { loadConfig } from '../../src/config/config.js';
import { encryptingDataConverter } from '../../src/temporal/payload-codec.js';

/** The keys a test-mode process encrypts Temporal payloads with when no key is configured: the development key. */
export const testPayloadKeys = loadConfig({ NODE_ENV: 'test' }).payloadKeys;

/** What the worker and the API use, for the clients and workers tests make themselves. */
export const testDataConverter = encryptingDataConverter(testPayloadKeys);
