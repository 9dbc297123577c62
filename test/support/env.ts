/** Settings the test command (scripts/test.sh) provides; a clear message when a test is run without it. */
export function requireEnv(name: 'TEST_DATABASE_URL' | 'E2E_DATABASE_URL' | 'TEMPORAL_TEST_SERVER' | 'E2E_TEMPORAL_ADDRESS' | 'MAILPIT'): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the tests with npm test, which provisions it`);
  return value;
}
