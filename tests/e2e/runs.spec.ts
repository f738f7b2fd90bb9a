import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const SCREENSHOT = 'test-results/artifacts/runs.png';

/** The page's global where the init script collects long tasks (tests are typed without the DOM lib). */
interface LongTaskScope {
  firthLongTasksMs: number[];
  PerformanceObserver: new (callback: (list: { getEntries(): { duration: number }[] }) => void) => {
    observe(options: { type: string; buffered: boolean }): void;
  };
}

/** Records every long task (over 50 ms, Chromium's threshold) from the page's first script on. */
async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const scope = globalThis as unknown as LongTaskScope;
    scope.firthLongTasksMs = [];
    new scope.PerformanceObserver((list) => {
      for (const entry of list.getEntries()) scope.firthLongTasksMs.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
}

async function openRunsOfNewProject(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'New project' }).fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
}

function runFolders(dataFolder: string, project: string): string[] {
  const runs = join(dataFolder, 'projects', project, 'runs');
  return existsSync(runs) ? readdirSync(runs) : [];
}

test('trains SPPMI-SVD to the end, then streams and cancels an SGNS run without blocking the page', async ({ page, webHost }) => {
  test.setTimeout(60_000);
  await observeLongTasks(page);
  await openRunsOfNewProject(page, webHost.url, 'Runs study');
  const form = page.getByTestId('new-run');

  // A new project's corpus field starts empty, with the unicode pattern for raw text; the bundled
  // sample is one button away, split on whitespace as text8 is pre-tokenised.
  await expect(form.getByLabel('Corpus file')).toHaveValue('');
  await expect(form.getByLabel('Token pattern')).toHaveValue('unicode');
  await form.getByRole('button', { name: 'Use the sample corpus (text8)' }).click();
  await expect(form.getByLabel('Corpus file')).toHaveValue(/text8-sample\.txt\.gz$/);
  await expect(form.getByLabel('Token pattern')).toHaveValue('whitespace');

  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await form.getByRole('button', { name: 'Levy & Goldberg best for SVD' }).click();
  await expect(form.getByLabel('Window', { exact: true })).toHaveValue('2');
  await form.getByLabel('Dimensions', { exact: true }).fill('10');
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();

  const sppmi = page.getByTestId('job').filter({ hasText: 'SPPMI-SVD' });
  await expect(sppmi.getByTestId('job-status')).toHaveText('Done', { timeout: 30_000 });
  const results = sppmi.getByTestId('job-results');
  await expect(results).toContainText('Time');
  await expect(results).toContainText('Backend');
  await expect(results).toContainText(/Non-zeros\s*\d/);
  await expect(results).toContainText(/Top singular values\s*\d+\.\d, \d+\.\d/);
  await expect(sppmi.getByTestId('job-folder')).toHaveText(new RegExp(`^${join(webHost.dataFolder, 'projects', 'Runs study', 'runs')}/\\d{8}-\\d{6}-sppmi-svd$`));
  const [sppmiFolder] = runFolders(webHost.dataFolder, 'Runs study');
  expect(existsSync(join(webHost.dataFolder, 'projects', 'Runs study', 'runs', sppmiFolder, 'run.json'))).toBe(true);

  // SGNS with far more epochs than the test waits for: progress and loss stream in, then Cancel.
  await form.getByRole('radio', { name: 'SGNS', exact: true }).check();
  await form.getByLabel('Dimensions', { exact: true }).fill('50');
  await form.getByLabel('Epochs', { exact: true }).fill('500');
  await form.getByRole('button', { name: 'Start SGNS run' }).click();
  const sgns = page.getByTestId('job').filter({ hasText: 'SGNS' }).filter({ hasNotText: 'SPPMI-SVD' });
  await expect(sgns.getByTestId('job-loss')).toHaveText(/^loss \d+\.\d{4}$/, { timeout: 20_000 });
  await expect(sgns.getByTestId('job-stage')).toHaveText('Training');
  await expect(sgns.getByTestId('job-rate')).toHaveText(/words\/s$/);
  await expect(sgns.getByTestId('job-epoch')).toHaveText(/^epoch \d+ of 500$/);

  // While progress streams the page keeps drawing it (asserted); its long tasks are a figure that
  // depends on the machine's load, printed, not a limit.
  await page.evaluate(() => ((globalThis as unknown as LongTaskScope).firthLongTasksMs = []));
  const firstLoss = await sgns.getByTestId('job-loss').textContent();
  await page.waitForTimeout(3_000);
  await expect(sgns.getByTestId('loss-chart').locator('path:not(.domain)').last()).toHaveAttribute('d', /^M.+L/);
  await expect(sgns.getByTestId('job-loss')).not.toHaveText(firstLoss ?? '');
  const longTasksMs = await page.evaluate(() => (globalThis as unknown as LongTaskScope).firthLongTasksMs);
  console.log(`runs view while training: ${longTasksMs.length} long tasks (> 50 ms)${longTasksMs.length > 0 ? `, longest ${Math.max(...longTasksMs).toFixed(0)} ms` : ''}`);

  // A tall window, scrolled to the jobs: the finished SPPMI-SVD run under the running SGNS one.
  await page.setViewportSize({ width: 1280, height: 1250 });
  await sppmi.scrollIntoViewIfNeeded();
  await page.mouse.move(1200, 20); // no hover highlight in the artifact
  await page.screenshot({ path: SCREENSHOT });

  // Jobs run one at a time: a run started now waits, then runs once the SGNS run is cancelled.
  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();
  const queued = page.getByTestId('job').first();
  await expect(queued.getByTestId('job-status')).toHaveText('Queued');

  await sgns.getByRole('button', { name: 'Cancel' }).click();
  await expect(sgns.getByTestId('job-status')).toHaveText('Cancelled');
  await expect(queued.getByTestId('job-status')).toHaveText('Done', { timeout: 30_000 });
  await expect(sgns.getByRole('button', { name: 'Cancel' })).toHaveCount(0);
  // A cancelled run saved nothing, and its card says so instead of naming a folder that does not exist.
  await expect(sgns.getByTestId('job-nothing-saved')).toHaveText('Nothing was saved: the run folder was not created.');
  await expect(sgns.getByTestId('job-folder')).toHaveCount(0);
  expect(runFolders(webHost.dataFolder, 'Runs study').filter((name) => name.endsWith('-sgns'))).toEqual([]);

  // Delete one of the two SPPMI-SVD runs: after the confirmation it goes to the data folder's trash.
  const list = page.getByTestId('run-list');
  await expect(list.getByTestId('run-row')).toHaveCount(2);
  const [, newest] = runFolders(webHost.dataFolder, 'Runs study').sort();
  await list.getByRole('button', { name: `Delete ${newest}` }).click();
  await page.getByRole('dialog', { name: 'Delete run?' }).getByRole('button', { name: 'Delete' }).click();
  await expect(list.getByTestId('run-row')).toHaveCount(1);
  await expect(page.getByTestId('run-deleted')).toContainText(`Run ${newest} moved to the trash`);
  expect(runFolders(webHost.dataFolder, 'Runs study')).toEqual([sppmiFolder]);
  await page.getByRole('heading', { name: 'Runs in this project' }).locator('..').locator('..').screenshot({ path: 'test-results/artifacts/run-list.png' });
  expect(readdirSync(join(webHost.dataFolder, 'trash')).some((name) => name.startsWith(newest))).toBe(true);
});

test('a window of 0 shows the schema\'s message next to the field and starts nothing', async ({ page, webHost }) => {
  await openRunsOfNewProject(page, webHost.url, 'Bad settings');
  const form = page.getByTestId('new-run');
  await form.getByRole('button', { name: 'Use the sample corpus (text8)' }).click();
  const windowField = form.getByLabel('Window', { exact: true });

  await windowField.fill('0');
  await expect(windowField).toHaveAttribute('aria-invalid', 'true');
  await expect(windowField).toHaveAccessibleDescription(/Too small: expected number to be >=1/);
  await expect(form.getByTestId('field-error')).toHaveText(['Too small: expected number to be >=1']);
  await form.getByRole('button', { name: 'Start SGNS run' }).click();
  await page.waitForTimeout(500);
  await expect(page.getByText('No runs started yet.')).toBeVisible();
  await expect(page.getByTestId('job')).toHaveCount(0);
  expect(runFolders(webHost.dataFolder, 'Bad settings')).toEqual([]);

  // A value the form accepts but the host refuses comes back next to its field too.
  await windowField.fill('5');
  await expect(form.getByTestId('field-error')).toHaveCount(0);
  await form.getByLabel('Corpus file').fill('/no/such/corpus.txt');
  await form.getByRole('button', { name: 'Start SGNS run' }).click();
  await expect(form.getByTestId('field-error')).toHaveText(['The corpus /no/such/corpus.txt does not exist or is not a file']);
  await expect(page.getByTestId('job')).toHaveCount(0);
});
