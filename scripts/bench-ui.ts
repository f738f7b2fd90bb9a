// Frame times of the Compare tab's maps while the user pans them, in Debian's Chromium driven by
// Playwright: `firth serve` on a fresh data folder, two runs of the bundled sample (SGNS and
// SPPMI-SVD, min-count 3 so that 20,000 shared words are drawn), then five rounds of dragging the
// first map. Prints the median, 95th percentile and worst gap between animation frames (16.7 ms is
// 60 frames/s). Needs `npm run build` and /usr/bin/chromium; no benchmark corpus.
//
//   tsx scripts/bench-ui.ts

import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '..');
const chromiumPath = '/usr/bin/chromium';
const sampleCorpus = join(root, 'resources/sample/text8-sample.txt.gz');
const sampleProject = 'Sample (text8)';
const rounds = 5;

/**
 * Run in the page: records every animation frame's time in globalThis.frameTimes. A string, because
 * tsx would wrap a function's inner functions in a helper the page does not have.
 */
const recordFrames = `{
  const times = [];
  globalThis.frameTimes = times;
  const tick = (time) => {
    times.push(time);
    if (times.length < 10000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}`;

function fail(message: string): never {
  console.error(`npm run bench -- ui: ${message}`);
  process.exit(1);
}

async function startHost(dataFolder: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [join(root, 'bin/firth.js'), 'serve', '--port', '0'], {
    env: { ...process.env, FIRTH_DATA_DIR: dataFolder },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+/.exec(output);
      if (match) resolveUrl(match[0]);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('exit', (code) => reject(new Error(`firth serve exited (${code}): ${output.trim()}`)));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

function trainRun(dataFolder: string, model: 'sgns' | 'sppmi-svd', id: string, settings: string[]): void {
  const out = join(dataFolder, 'projects', sampleProject, 'runs', id);
  execFileSync(process.execPath, [join(root, 'bin/firth.js'), 'train', model, '--corpus', sampleCorpus, '--out', out, '--token-pattern', 'whitespace', '--quiet', ...settings], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, FIRTH_DATA_DIR: dataFolder },
  });
}

/** Gaps between animation frames while the first map is dragged in circles once. */
async function panOnce(page: Page): Promise<number[]> {
  const canvas = page.getByTestId('scatter-map').first().locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  const centre = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.evaluate(recordFrames);
  await page.mouse.move(centre.x, centre.y);
  await page.mouse.down();
  for (let step = 0; step < 60; step++) {
    await page.mouse.move(centre.x + 80 * Math.sin(step / 6), centre.y + 60 * Math.cos(step / 6));
    await page.waitForTimeout(16);
  }
  await page.mouse.up();
  const times = (await page.evaluate('globalThis.frameTimes.splice(0)')) as number[];
  return times.slice(1).map((time, index) => time - times[index]);
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function main(): Promise<void> {
  if (!existsSync(join(root, 'out/cli/firth.js')) || !existsSync(join(root, 'out/renderer/index.html'))) fail('build first: npm run build');
  if (!existsSync(chromiumPath)) fail(`Chromium is missing at ${chromiumPath}: apt-get install -y chromium`);
  const dataFolder = mkdtempSync(join(tmpdir(), 'firth-bench-ui-'));
  const host = await startHost(dataFolder);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    console.log('training two runs of the sample (SGNS and SPPMI-SVD, d 50, min-count 3)…');
    trainRun(dataFolder, 'sgns', 'sgns', ['--dimensions', '50', '--epochs', '3', '--min-count', '3']);
    trainRun(dataFolder, 'sppmi-svd', 'svd', ['--dimensions', '50', '--min-count', '3']);
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(host.url);
    await page.getByTestId('project-row').getByRole('button', { name: sampleProject, exact: true }).click();
    await page.getByTestId('project-name').filter({ hasText: sampleProject }).waitFor();
    await page.getByRole('tab', { name: 'Compare' }).click();
    const view = page.getByTestId('compare-view');
    // The view picks an SGNS run against an SPPMI-SVD run by itself once the run list has arrived.
    await page.waitForFunction(`(() => {
      const [a, , b] = document.querySelectorAll('[data-testid="compare-form"] select');
      return a?.value.endsWith('/sgns') && b?.value.endsWith('/svd');
    })()`);
    await view.getByRole('button', { name: 'Compare', exact: true }).click();
    await view
      .getByTestId('compare-heading')
      .filter({ hasText: 'svd · sppmi-svd' })
      .waitFor({ timeout: 300_000 })
      .catch(async () => {
        throw new Error(`the comparison did not open; the Compare tab shows: ${(await view.textContent())?.replace(/\s+/g, ' ').slice(0, 400)}`);
      });
    await view.getByRole('tab', { name: 'Maps' }).click();
    const panel = view.getByTestId('maps-panel');
    await panel.filter({ hasText: /PCA of [\d,]+ words/ }).waitFor({ timeout: 120_000 });
    const words = /PCA of ([\d,]+) words/.exec((await panel.textContent()) ?? '')?.[1] ?? '?';
    const gaps: number[] = [];
    for (let round = 0; round < rounds; round++) gaps.push(...(await panOnce(page)));
    const sorted = gaps.sort((first, second) => first - second);
    console.log(`map panning, two PCA maps of ${words} words each, ${rounds} rounds, ${sorted.length} frames in Chromium ${browser.version()}:`);
    console.log(`  frame gap median ${percentile(sorted, 0.5).toFixed(1)} ms, 95th percentile ${percentile(sorted, 0.95).toFixed(1)} ms, worst ${sorted[sorted.length - 1].toFixed(1)} ms (16.7 ms = 60 frames/s)`);
  } finally {
    await browser.close();
    host.stop();
    rmSync(dataFolder, { recursive: true, force: true });
  }
}

await main().catch((error: unknown) => fail(error instanceof Error ? error.message.split('\n')[0] : String(error)));
