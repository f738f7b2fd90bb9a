import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCorpusSlice } from '../helpers/corpus-slice';
import { expect, test } from './fixtures';

const SAMPLE_PROJECT = 'Sample (text8)';
const PROGRESS_SCREENSHOT = 'test-results/artifacts/corpus-import-progress.png';
const CANCELLED_SCREENSHOT = 'test-results/artifacts/corpus-import-cancelled.png';

test('a corpus import shows its progress and is cancelled, keeping the project’s corpus', async ({ page, webHost }) => {
  test.setTimeout(120_000);
  // Large enough that reading it takes many progress reports: the Cancel below lands mid-way.
  const folder = mkdtempSync(join(tmpdir(), 'firth-e2e-corpus-'));
  const large = writeCorpusSlice(folder, 48_000_000, 'large.txt');
  try {
    await page.goto(webHost.url);
    await page.getByTestId('project-row').getByRole('button', { name: SAMPLE_PROJECT, exact: true }).click();
    const tokens = page.getByTestId('stat-tokens');
    await expect(tokens).toHaveText(/^[\d,]+$/, { timeout: 60_000 });
    const sampleTokens = await tokens.textContent();

    const form = page.getByTestId('corpus-form');
    await form.getByLabel('Corpus file').fill(large);
    await form.getByRole('button', { name: 'Apply settings' }).click();

    // The import's bar: its stage, percent, rate and time left, and a Cancel button.
    const importing = page.getByTestId('corpus-import');
    await expect(importing.getByTestId('long-call')).toContainText(/Importing the corpus · (Checking|Reading) the corpus/);
    await expect(importing.getByTestId('long-call')).toContainText(/\d+ %\s·\s[\d.]+ [kMG]? ?bytes\/s/);
    await importing.screenshot({ path: PROGRESS_SCREENSHOT.replace('.png', '-bar.png') });
    await page.screenshot({ path: PROGRESS_SCREENSHOT });
    await importing.getByRole('button', { name: 'Cancel' }).click();

    await expect(page.getByTestId('import-cancelled')).toContainText('Import cancelled: nothing was saved');
    await expect(importing).toHaveCount(0);
    // The project keeps the sample: its overview is the sample's, and so is the corpus after a reload.
    await expect(tokens).toHaveText(sampleTokens!);
    await page.screenshot({ path: CANCELLED_SCREENSHOT });
    await page.reload();
    await page.getByTestId('project-row').getByRole('button', { name: SAMPLE_PROJECT, exact: true }).click();
    await expect(page.getByTestId('corpus-form').getByLabel('Corpus file')).toHaveValue(/text8-sample\.txt\.gz$/);
    // Nothing half-written in the corpus cache.
    const cache = join(webHost.dataFolder, 'cache', 'corpora');
    expect(readdirSync(cache).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(readdirSync(cache).filter((name) => name.startsWith('corpus-'))).toHaveLength(1);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
