import assert from 'node:assert/strict';
import { mkdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium (scripts/lib.sh ensure_chromium); no browser is downloaded. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// Without the background-networking flags Chromium's own connections are refused on a closed network and slow it down.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Headless Chromium with a fresh profile (Playwright gives each launch a new temporary user-data dir). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Screenshots of each step, kept as the run's artefacts. */
export class Screenshots {
  private count = 0;
  constructor(readonly dir: string) {}

  static async create(dir = process.env.BROWSER_ARTIFACTS ?? 'test-artifacts/browser'): Promise<Screenshots> {
    // Only this run's steps: an earlier run's would be numbered alike.
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    return new Screenshots(dir);
  }

  async take(page: Page, name: string): Promise<string> {
    const file = join(this.dir, `${String(++this.count).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  }
}

/**
 * What the pages' Content-Security-Policy refused (Chromium reports each on the console): a page that needs what its
 * policy forbids is broken for its users, so the journeys fail on any.
 */
export function collectPolicyViolations(context: BrowserContext, into: string[]): BrowserContext {
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) into.push(`${message.location().url}: ${message.text()}`);
  });
  return context;
}

// Evaluated through the DevTools protocol rather than added as a <script>: the app's policy forbids injected scripts.
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** The accessibility rules this suite holds the pages to: form labels, names and roles, and keyboard use. */
const AXE_TAGS = ['cat.forms', 'cat.keyboard', 'cat.name-role-value', 'cat.text-alternatives', 'cat.aria'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; fails on serious or critical violations of labels, names and keyboard use. */
export async function checkAccessibility(page: Page, where: string): Promise<void> {
  await page.evaluate(AXE_SOURCE);
  // Runs in the page, where axe-core is a global; the test's own tsconfig has no DOM types.
  const violations = await page.evaluate(async (tags) => {
    const page = globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: AxeViolation[] }> }; document: unknown };
    const result = await page.axe.run(page.document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((n) => ({ target: n.target })) }));
  }, AXE_TAGS);
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    serious.map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `accessibility violations on ${where}`,
  );
}
