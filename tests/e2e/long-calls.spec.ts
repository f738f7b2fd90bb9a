import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeNpyHeader, float32LittleEndianBytes } from '../../src/engine/formats/npy';
import { writeCorpusSlice } from '../helpers/corpus-slice';
import { expect, startWebHost, test } from './fixtures';

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

    // The host is shared with other specs: the cache is compared with what it held before.
    const cache = join(webHost.dataFolder, 'cache', 'corpora');
    const entriesBefore = readdirSync(cache).filter((name) => name.startsWith('corpus-')).sort();
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
    // Nothing of the large corpus in the cache, nothing half-written.
    expect(readdirSync(cache).filter((name) => name.startsWith('.'))).toEqual([]);
    expect(readdirSync(cache).filter((name) => name.startsWith('corpus-')).sort()).toEqual(entriesBefore);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/**
 * A run of the sample project made large: trained on a small slice with the CLI, then given a large
 * space (so an export takes many steps) and a large corpus in its run.json (so its evidence index does).
 */
function largeRun(dataFolder: string, folder: string): string {
  const run = join(dataFolder, 'projects', SAMPLE_PROJECT, 'runs', 'large');
  execFileSync(process.execPath, ['bin/firth.js', 'train', 'sppmi-svd', '--corpus', writeCorpusSlice(folder, 300_000, 'small.txt'), '--out', run, '--dimensions', '4', '--quiet'], {
    stdio: 'pipe',
    env: { ...process.env, FIRTH_DATA_DIR: dataFolder },
  });
  // The Google analogy set's words first, so that scoring it has work to do.
  const google = new Set<string>();
  for (const line of readFileSync('resources/testsets/google.txt', 'utf8').split('\n')) {
    if (line !== '' && !line.startsWith(':')) for (const word of line.toLowerCase().split(/\s+/)) if (word) google.add(word);
  }
  const words = [...google, ...Array.from({ length: 150_000 }, (_, rank) => `w${rank}`)];
  const rows = words.length;
  const dimensions = 100;
  const vectors = new Float32Array(rows * dimensions);
  for (let index = 0; index < vectors.length; index++) vectors[index] = Math.sin(index * 0.37);
  writeFileSync(join(run, 'W.npy'), Buffer.concat([encodeNpyHeader(rows, dimensions), float32LittleEndianBytes(vectors)]));
  writeFileSync(join(run, 'vocab.tsv'), `${words.map((word, rank) => `${word}\t${rows - rank}`).join('\n')}\n`);
  const record = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8'));
  writeFileSync(join(run, 'run.json'), JSON.stringify({ ...record, corpus: { ...record.corpus, file: writeCorpusSlice(folder, 48_000_000, 'large.txt') } }));
  return run;
}

test('an export and an evidence index show their progress and are cancelled, leaving nothing', async ({ page }) => {
  test.setTimeout(180_000);
  // Its own host: the run it adds must not show up in other specs' run lists.
  const host = await startWebHost();
  const folder = mkdtempSync(join(tmpdir(), 'firth-e2e-run-'));
  try {
    largeRun(host.dataFolder, folder);
    await page.goto(host.url);
    await page.getByTestId('project-row').getByRole('button', { name: SAMPLE_PROJECT, exact: true }).click();

    // Export: every word of the large space as word2vec text, cancelled while it is written.
    await page.getByRole('tab', { name: 'Export' }).click();
    const exportForm = page.getByTestId('export-form');
    await expect(exportForm.getByLabel('Run')).toHaveValue('large');
    const out = join(folder, 'exports', 'large.txt');
    await exportForm.getByLabel('Output file').fill(out);
    await exportForm.getByRole('button', { name: 'Export' }).click();
    const exporting = exportForm.getByTestId('export-progress').getByTestId('long-call');
    await expect(exporting).toContainText(/Exporting · Writing the files\s+\d+ %\s·\s[\d.]+ [kM]? ?rows\/s/);
    await page.screenshot({ path: 'test-results/artifacts/export-progress.png' });
    await exporting.getByRole('button', { name: 'Cancel' }).click();
    await expect(exportForm.getByTestId('export-cancelled')).toContainText('Export cancelled: no file was written');
    await expect(exportForm.getByTestId('export-result')).toHaveCount(0);
    expect(existsSync(join(folder, 'exports')) ? readdirSync(join(folder, 'exports')) : []).toEqual([]);

    // Scoring: the run is scored on every bundled set, cancelled while the analogies are answered.
    await page.getByRole('tab', { name: 'Evaluate' }).click();
    await page.getByRole('group', { name: 'Runs to compare' }).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Re-run evaluation' }).click();
    const scoring = page.getByTestId('evaluate-progress').getByTestId('long-call');
    await expect(scoring).toContainText(/Scoring large · Scoring the test sets\s+\d+ %\s·\s[\d.]+ [kM]? ?items\/s/);
    await page.screenshot({ path: 'test-results/artifacts/evaluate-progress.png' });
    await scoring.getByRole('button', { name: 'Cancel' }).click();
    await expect(scoring).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Re-run evaluation' })).toBeEnabled();
    expect(existsSync(join(host.dataFolder, 'projects', SAMPLE_PROJECT, 'runs', 'large', 'scores.json'))).toBe(false);

    // Evidence: the first question builds the corpus's concordance index, with progress; cancelled.
    await page.getByRole('tab', { name: 'Explore' }).click();
    const panel = page.getByTestId('evidence-panel');
    await panel.getByTestId('evidence-word').fill('the');
    await panel.getByRole('button', { name: 'Show evidence' }).click();
    const indexing = panel.getByTestId('long-call');
    await expect(indexing).toContainText(/Indexing the corpus · Reading the corpus\s+\d+ %\s·\s[\d.]+ [kMG]? ?bytes\/s/);
    await panel.screenshot({ path: 'test-results/artifacts/evidence-progress.png' });
    await indexing.getByRole('button', { name: 'Cancel' }).click();
    await expect(panel.getByTestId('evidence-cancelled')).toBeVisible();
    await expect(indexing).toHaveCount(0);
    const cache = join(host.dataFolder, 'cache', 'corpora');
    expect(readdirSync(cache).filter((name) => name.startsWith('concordance-') || name.startsWith('.'))).toEqual([]);
    await page.screenshot({ path: 'test-results/artifacts/evidence-cancelled.png' });
  } finally {
    await host.stop();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('an upload to the web host shows its progress and is cancelled, leaving no file on the host', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Upload cancelled');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Upload cancelled');
  // The browser's network slowed to 1 MB/s up, so an 8 MB upload takes seconds.
  const devtools = await page.context().newCDPSession(page);
  await devtools.send('Network.enable');
  await devtools.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 1_000_000 });
  // The host is shared with other specs: its uploads folder is compared with what it held before.
  const uploads = join(webHost.dataFolder, 'uploads');
  const listUploads = () => (existsSync(uploads) ? readdirSync(uploads).sort() : []);
  const uploadsBefore = listUploads();
  const form = page.getByTestId('corpus-form');
  await form.getByTestId('upload-corpus').setInputFiles({ name: 'big.txt', mimeType: 'text/plain', buffer: Buffer.alloc(8_000_000, 'word ') });
  const uploading = form.getByTestId('corpus-upload').getByTestId('long-call');
  await expect(uploading).toContainText(/Uploading big\.txt · Sending the file\s+\d+ %\s·\s[\d.]+ [kM]? ?bytes\/s/);
  await uploading.screenshot({ path: 'test-results/artifacts/upload-progress.png' });
  await uploading.getByRole('button', { name: 'Cancel' }).click();
  await expect(uploading).toHaveCount(0);
  await expect(form.getByLabel('Corpus file')).toHaveValue('');
  // The host removed what it had received (its temporary file included).
  await expect.poll(listUploads).toEqual(uploadsBefore);
});
