import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, test } from './fixtures';

// MF-SGNS and GloVe from the Runs form, as a user starts them: a preset, a few settings made small
// enough for the sample, Start, and the finished run with its files.

test('trains MF-SGNS and GloVe from the Runs form with their presets', async ({ page, webHost }) => {
  test.setTimeout(300_000);
  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Factorisations');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Factorisations');
  await page.getByRole('tab', { name: 'Runs' }).click();
  const form = page.getByTestId('new-run');
  await form.getByRole('button', { name: 'Use the sample corpus (text8)' }).click();

  // An SPPMI-SVD run on the 2,000 most frequent words, d 16: what MF-SGNS warm-starts from, by its id.
  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await form.getByLabel('Dimensions', { exact: true }).fill('16');
  await form.getByText('Advanced').click();
  await form.getByLabel('Max vocabulary size', { exact: true }).fill('2000');
  await form.getByText('Advanced').click();
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();
  const svd = page.getByTestId('job').filter({ hasText: 'SPPMI-SVD' });
  await expect(svd.getByTestId('job-status')).toHaveText('Done', { timeout: 180_000 });
  const svdId = basename((await svd.getByTestId('job-folder').textContent())?.trim() ?? '');
  expect(svdId).toMatch(/-sppmi-svd$/);

  // MF-SGNS (hilbert): the preset picks the model and its settings; 2,000 words and 3 steps for the test.
  await form.getByRole('button', { name: 'MF-SGNS (hilbert)' }).click();
  await expect(form.getByRole('radio', { name: 'MF-SGNS' })).toBeChecked();
  await form.getByLabel('Vocabulary cap', { exact: true }).fill('2000');
  await form.getByLabel('Steps', { exact: true }).fill('3');
  await form.getByLabel('Dimensions', { exact: true }).fill('16');
  // The time per step (measured on the backend), the run's total and the memory, before it starts.
  const estimate = form.getByTestId('training-estimate');
  await expect(estimate).toContainText(/≈ [\d.]+ m?s per step · 3 steps: about \d+ s · memory ≈ [\d.]+ [MG]B · V 2,000/, { timeout: 30_000 });
  await expect(estimate).toContainText('GFLOP/s measured on');
  await page.setViewportSize({ width: 1280, height: 800 });
  await form.getByRole('button', { name: 'Start MF-SGNS run' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/artifacts/mf-sgns-estimate.png' });

  // An init run the project does not have is refused at Start, naming it, before anything runs.
  await form.getByText('Advanced').click();
  await form.getByLabel('Initialisation', { exact: true }).fill('no-such-run');
  await form.getByRole('button', { name: 'Start MF-SGNS run' }).click();
  await expect(form.getByTestId('field-error').filter({ hasText: 'no-such-run' })).toContainText('have no run "no-such-run"');
  // The field offers random and the project's SPPMI-SVD runs; the run's id starts it from that run.
  const initField = form.getByLabel('Initialisation', { exact: true });
  const offered = await page.locator(`datalist#${await initField.getAttribute('list')} option`).evaluateAll((options) => options.map((option) => option.getAttribute('value') ?? ''));
  expect(offered).toEqual(['random', svdId]);
  await initField.fill(svdId);
  await form.getByText('Advanced').click();
  await form.getByRole('button', { name: 'Start MF-SGNS run' }).click();
  const mf = page.getByTestId('job').filter({ hasText: 'MF-SGNS' });
  await expect(mf.getByTestId('job-status')).toHaveText('Done', { timeout: 180_000 });
  const mfFolder = (await mf.getByTestId('job-folder').textContent())?.trim() ?? '';
  expect(existsSync(join(mfFolder, 'C.npy'))).toBe(true);
  const mfRecord = JSON.parse(readFileSync(join(mfFolder, 'run.json'), 'utf8')) as { model: string; vocabularySize: number; settings: { model: Record<string, unknown> } };
  expect(mfRecord).toMatchObject({ model: 'mf-sgns', vocabularySize: 2000, settings: { model: { negativeTerm: 'hilbert', steps: 3, init: svdId } } });

  // GloVe (paper), one iteration.
  await form.getByRole('button', { name: 'GloVe (paper)' }).click();
  await expect(form.getByRole('radio', { name: 'GloVe' })).toBeChecked();
  await expect(form.getByLabel('x_max', { exact: true })).toHaveValue('10');
  await form.getByLabel('Iterations', { exact: true }).fill('1');
  await form.getByLabel('Dimensions', { exact: true }).fill('16');
  // The sample is prepared now (the MF-SGNS run did it): GloVe's time per iteration from its non-zeros.
  await expect(form.getByTestId('training-estimate')).toContainText(/≈ [\d.]+ m?s per iteration · 1 iteration: about \d+ s · V [\d,]+, d 16 · ≈ [\d.]+ [Mk]? ?non-zero cells · .* cells\/s measured on cpu/, { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/artifacts/glove-estimate.png' });
  await form.getByRole('button', { name: 'Start GloVe run' }).click();
  const glove = page.getByTestId('job').filter({ hasText: 'GloVe' });
  await expect(glove.getByTestId('job-status')).toHaveText('Done', { timeout: 180_000 });
  const gloveFolder = (await glove.getByTestId('job-folder').textContent())?.trim() ?? '';
  for (const file of ['W.npy', 'C.npy', 'WC.npy', 'word-biases.npy', 'context-biases.npy']) expect(existsSync(join(gloveFolder, file)), file).toBe(true);

  // Both are listed as done runs of the project.
  const list = page.getByTestId('run-list');
  await expect(list.getByTestId('run-row').filter({ hasText: 'MF-SGNS' })).toHaveAttribute('data-status', 'done');
  await expect(list.getByTestId('run-row').filter({ hasText: 'GloVe' })).toHaveAttribute('data-status', 'done');
  await page.setViewportSize({ width: 1280, height: 1700 });
  await page.screenshot({ path: 'test-results/artifacts/factorisation-runs.png' });
});
