import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { describe, it } from 'node:test';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const WORKFLOWS_DIR = fileURLToPath(new URL('../../../workflows/', import.meta.url));
// What workflow code may import values from: the SDK's sandbox-safe packages and other workflow modules, and
// async-mutex (promises only, no clock or I/O: the lock Temporal's safe-message-handlers sample uses; its withTimeout,
// which sets a timer, is not used).
const SAFE_PACKAGES = new Set(['@temporalio/workflow', '@temporalio/common', 'async-mutex']);

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(WORKFLOWS_DIR, join(e.parentPath, e.name)));
}

function valueImports(source: string): string[] {
  const imports = [...source.matchAll(/^\s*(import|export)\s+(?!type\b)([^'";]*?)\s*from\s*['"]([^'"]+)['"]/gm)];
  const bare = [...source.matchAll(/^\s*import\s*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const dynamic = [...source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1]!);
  return [...imports.map((m) => m[3]!), ...bare, ...dynamic];
}

describe('workflow code imports only what is deterministic', async () => {
  const files = await sourceFiles(WORKFLOWS_DIR);

  it('finds the workflow sources', () => assert.ok(files.includes('sale-follow-up.ts')));

  for (const file of files) {
    it(file, async () => {
      const source = await readFile(`${WORKFLOWS_DIR}${file}`, 'utf8');
      const unsafe = valueImports(source).filter((spec) => {
        if (spec.startsWith('.')) {
          const target = new URL(spec, `file://${WORKFLOWS_DIR}${file}`).pathname;
          return !target.startsWith(WORKFLOWS_DIR);
        }
        return !SAFE_PACKAGES.has(spec);
      });
      assert.deepEqual(unsafe, [], `${file} imports values from outside the workflow sandbox's safe set`);
    });
  }
});
