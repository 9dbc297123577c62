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

/** Every module a workflow module imports from, values and types alike, as paths relative to workflows/. */
function workflowModuleImports(file: string, source: string): string[] {
  const specs = [...source.matchAll(/^\s*(?:import|export)\s[^'";]*?from\s*['"](\.[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs
    .map((spec) => relative(WORKFLOWS_DIR, fileURLToPath(new URL(spec, `file://${WORKFLOWS_DIR}${file}`))).replace(/\.js$/, '.ts'))
    .filter((target) => !target.startsWith('..'));
}

/** A cycle in the import graph, as the files along it, or null. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'visiting') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'visiting');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('workflow modules import each other without cycles', async () => {
  const files = await sourceFiles(WORKFLOWS_DIR);
  const graph = new Map(await Promise.all(files.map(async (file) => [file, workflowModuleImports(file, await readFile(`${WORKFLOWS_DIR}${file}`, 'utf8'))] as const)));

  it('sees the imports between the shapes modules', () => {
    assert.ok(graph.get('sale-types.ts')?.includes('call-results.ts'));
  });

  it('has no cycle, not even of type-only imports', () => {
    assert.equal(findCycle(graph)?.join(' -> ') ?? null, null);
  });

  it('would notice a cycle', () => {
    assert.deepEqual(findCycle(new Map([['a.ts', ['b.ts']], ['b.ts', ['a.ts']]])), ['a.ts', 'b.ts', 'a.ts']);
  });
});

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
