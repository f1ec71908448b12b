import { existsSync } from 'node:fs';
import { mkdtemp, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { specOperations } from '@partnero-ts/spec-tools';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/index.js';

// Debian's Chromium (.ci/run installs it; `pnpm test:browser` runs this file); playwright-core never
// downloads a browser here.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

let mock: RunningMock;
let browser: Browser;
beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium, or set CHROMIUM_PATH`);
  [mock, browser] = await Promise.all([
    startMock({ port: 0 }),
    chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 0 }),
  ]);
});
afterAll(async () => {
  await browser?.close();
  await mock?.close();
});

/**
 * A page with Playwright's own 30 s waits switched off (`0`): vitest's hang guard bounds the test,
 * so a slow machine makes it slower, never red.
 */
async function openPage() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(0);
  return page;
}

describe('GET /docs in a browser', () => {
  it('renders every operation of the spec without reaching outside the mock', async () => {
    const page = await openPage();
    const requested: string[] = [];
    page.on('request', (request) => {
      requested.push(request.url());
    });
    await page.goto(`${mock.url}/docs`);
    const summaries = specOperations()
      .map((op) => op.operation.summary)
      .filter((summary): summary is string => typeof summary === 'string');
    expect(summaries.length).toBeGreaterThan(0);
    // Redoc renders client-side; wait until the operation headings are visible text.
    await page.waitForFunction(
      // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what a reader sees
      (expected) => expected.every((summary) => document.body.innerText.includes(summary)),
      summaries,
    );
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what a reader sees
    const text = await page.locator('body').innerText();
    for (const summary of summaries) expect(text, summary).toContain(summary);

    const screenshot = join(await mkdtemp(join(tmpdir(), 'partnero-docs-')), 'docs.png');
    await page.screenshot({ path: screenshot, fullPage: false });
    expect((await stat(screenshot)).size).toBeGreaterThan(10_000);
    console.log(`docs screenshot: ${screenshot}`);

    const origin = new URL(mock.url).origin;
    const outside = requested.filter(
      (url) => !url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:'),
    );
    expect(outside).toEqual([]);
    await page.close();
  });

  it('shows how sure the spec is of each operation, as a badge next to its title', async () => {
    const page = await openPage();
    await page.goto(`${mock.url}/docs`);
    const labels: Record<string, string> = {
      documented: 'documented',
      'official-client': 'official client only',
      unverified: 'unverified',
    };
    const expected = specOperations().map((op) => ({
      id: op.operationId,
      badges: [
        labels[String(op.operation['x-partnero-evidence'])],
        ...(op.operation['x-partnero-idempotent'] === false ? ['not idempotent'] : []),
      ],
    }));
    // Redoc renders an operation's `x-badges` inside its heading (the section id is operation/<id>).
    await page.waitForSelector('[id="operation/getPayoutRequest"] h2');
    const headings = await page.evaluate(
      (ids) =>
        Object.fromEntries(
          ids.map((id) => [
            id,
            // biome-ignore lint/performance/useDomNodeTextContent: rendered text is what a reader sees
            (document.querySelector(`[id="operation/${id}"] h2`) as HTMLElement | null)?.innerText ?? '',
          ]),
        ),
      expected.map(({ id }) => id),
    );
    for (const { id, badges } of expected) {
      for (const badge of badges) expect(headings[id], id).toContain(badge);
    }
    expect(headings.getPayoutRequest).toContain('unverified');
    expect(headings.convertLead).toContain('not idempotent');
    await page.close();
  });
});
