import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const SAMPLE_PROJECT = 'Sample (text8)';
const CORPUS_SCREENSHOT = 'test-results/artifacts/corpus.png';
const EVALUATE_SCREENSHOT = 'test-results/artifacts/evaluate.png';

test('the sample project: corpus overview, a scored SPPMI-SVD run, its evaluation and a word2vec export', async ({ page, webHost }) => {
  test.setTimeout(90_000);
  await page.goto(webHost.url);

  // First start: the sample project is there, on the bundled corpus.
  const sampleButton = page.getByTestId('project-row').getByRole('button', { name: SAMPLE_PROJECT, exact: true });
  await expect(sampleButton).toBeVisible();
  await sampleButton.click();
  await expect(page.getByTestId('project-name')).toHaveText(SAMPLE_PROJECT);
  const projectFolder = join(webHost.dataFolder, 'projects', SAMPLE_PROJECT);

  // Corpus tab (the first): its file and settings, then the statistics, top words, Zipf and coverage.
  await expect(page.getByRole('tab', { name: 'Corpus' })).toHaveAttribute('aria-selected', 'true');
  const form = page.getByTestId('corpus-form');
  await expect(form.getByLabel('Corpus file')).toHaveValue(/text8-sample\.txt\.gz$/);
  await expect(form.getByLabel('Token pattern')).toHaveValue('whitespace');
  await expect(form.getByLabel('Min count')).toHaveValue('5');
  const tokens = page.getByTestId('stat-tokens');
  await expect(tokens).toHaveText(/^[\d,]+$/, { timeout: 30_000 });
  expect(Number((await tokens.textContent())!.replaceAll(',', ''))).toBeGreaterThan(900_000);
  await expect(page.getByTestId('stat-sha256')).toHaveText(/^[0-9a-f]{64}$/);
  await expect(page.getByTestId('top-words').locator('tbody tr').first()).toContainText('the');
  await expect(page.getByTestId('zipf-chart').locator('circle').first()).toBeVisible();
  await expect(page.getByTestId('zipf-chart').locator('path:not(.domain)').last()).toHaveAttribute('d', /^M.+L/);
  const coverage = page.getByTestId('coverage-row');
  await expect(coverage.filter({ hasText: 'WordSim-353' }).first()).toContainText(/\d+ \/ 353\s+\d/);
  expect(await coverage.count()).toBeGreaterThan(3);

  // A setting the schema refuses is named next to its field and cannot be applied.
  const minCount = form.getByLabel('Min count');
  await minCount.fill('0');
  await expect(minCount).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByTestId('field-error')).toHaveText(['Too small: expected number to be >=1']);
  await minCount.fill('5');
  await expect(form.getByRole('button', { name: 'Apply settings' })).toBeDisabled();

  // A tall window scrolled to the overview (the main area scrolls, not the page).
  await minCount.blur();
  await page.setViewportSize({ width: 1280, height: 1300 });
  await page.getByRole('heading', { name: 'Overview' }).scrollIntoViewIfNeeded();
  await page.mouse.move(1200, 20);
  await page.screenshot({ path: CORPUS_SCREENSHOT });
  await page.setViewportSize({ width: 1280, height: 800 });

  // Runs tab: the form starts from the project's corpus; a small SPPMI-SVD run.
  await page.getByRole('tab', { name: 'Runs' }).click();
  const runForm = page.getByTestId('new-run');
  await expect(runForm.getByLabel('Corpus file')).toHaveValue(/text8-sample\.txt\.gz$/);
  await expect(runForm.getByLabel('Token pattern')).toHaveValue('whitespace');
  await runForm.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await runForm.getByLabel('Dimensions', { exact: true }).fill('10');
  await runForm.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();
  await expect(page.getByTestId('job').getByTestId('job-status')).toHaveText('Done', { timeout: 40_000 });

  // The run list shows it done, then scored by the automatic evaluation.
  const row = page.getByTestId('run-row').filter({ hasText: 'SPPMI-SVD' });
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('run-status')).toHaveText('Done');
  await expect(row).toContainText(/win \d+ · k \d+ · d 10/);
  await expect(row.getByTestId('run-ws353')).toHaveText(/^-?0\.\d{3}$/, { timeout: 30_000 });
  await expect(row.getByTestId('run-google')).toHaveText(/^\d+\.\d%$/);
  const runId = (await row.getAttribute('data-run'))!;
  expect(existsSync(join(projectFolder, 'runs', runId, 'scores.json'))).toBe(true);
  await expect(row.getByRole('checkbox', { name: `Compare run ${runId}` })).toBeChecked();

  // Evaluate tab: the score table and the bars for the selected run.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  const table = page.getByTestId('score-table');
  await expect(table.getByTestId('score-column')).toHaveText([runId]);
  await expect(table.locator('[data-set="ws353"][data-metric="spearman"]')).toContainText(/-?0\.\d{3} \[-?\d\.\d\d, -?\d\.\d\d\]\s*\(\d+\/353\)/);
  await expect(table.locator('[data-set="google"][data-metric="3CosAdd"]')).toHaveCount(1);
  expect(await page.getByTestId('score-bars-similarity').getByTestId('bar').count()).toBeGreaterThan(3);
  await expect(page.getByTestId('score-bars-analogy').getByTestId('bar')).not.toHaveCount(0);
  await page.mouse.move(1200, 20);
  await page.screenshot({ path: EVALUATE_SCREENSHOT });

  // Re-running the evaluation keeps the table.
  await page.getByRole('button', { name: 'Re-run evaluation' }).click();
  await expect(page.getByRole('button', { name: 'Re-run evaluation' })).toBeEnabled({ timeout: 30_000 });
  await expect(table.getByTestId('score-row').first()).toBeVisible();

  // Export tab: word2vec text to the default path under the project's exports folder.
  await page.getByRole('tab', { name: 'Export' }).click();
  const exportForm = page.getByTestId('export-form');
  await expect(exportForm.getByLabel('Run')).toHaveValue(runId);
  await expect(exportForm.getByLabel('Format')).toHaveValue('word2vec-text');
  const out = join(projectFolder, 'exports', `${runId}.txt`);
  await expect(exportForm.getByLabel('Output file')).toHaveValue(out);
  await exportForm.getByRole('button', { name: 'Export' }).click();
  await expect(exportForm.getByTestId('export-file')).toHaveText([out, `${out}.manifest.json`], { timeout: 20_000 });
  expect(statSync(out).size).toBeGreaterThan(0);

  // A second export to the same file is refused next to the path until “Replace an earlier export” is ticked.
  await exportForm.getByRole('button', { name: 'Export' }).click();
  await expect(exportForm.getByTestId('field-error').or(exportForm.getByTestId('form-error'))).toBeVisible();
  await exportForm.getByLabel(/Replace an earlier export/).check();
  await exportForm.getByRole('button', { name: 'Export' }).click();
  await expect(exportForm.getByTestId('export-file').first()).toHaveText(out);
});
