import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const SAMPLE_PROJECT = 'Sample (text8)';

test('saved SPPMI-SVD defaults survive a reload; a user test set is scored', async ({ page, webHost }) => {
  test.setTimeout(60_000);
  await page.goto(webHost.url);
  // On start the last project (on a fresh host, the sample) opens again: let that settle first.
  await expect(page.getByTestId('project-name')).toBeVisible();
  await page.getByTestId('project-row').getByRole('button', { name: SAMPLE_PROJECT, exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText(SAMPLE_PROJECT);

  // Window 3 saved as the SPPMI-SVD default, then a small run.
  await page.getByRole('tab', { name: 'Runs' }).click();
  const form = page.getByTestId('new-run');
  // Re-opening the project re-creates the form (back on SGNS); on a busy machine that can land
  // after the first click, so the three steps are repeated until the saved message names SPPMI-SVD.
  await expect(async () => {
    await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
    await form.getByLabel('Window', { exact: true }).fill('3');
    await form.getByRole('button', { name: 'Save as my defaults' }).click();
    await expect(form.getByTestId('defaults-status')).toHaveText('Saved as your SPPMI-SVD defaults.', { timeout: 5_000 });
  }).toPass({ timeout: 60_000 });
  await form.getByLabel('Dimensions', { exact: true }).fill('10');
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();
  await expect(page.getByTestId('job').getByTestId('job-status')).toHaveText('Done', { timeout: 40_000 });
  const row = page.getByTestId('run-row').filter({ hasText: 'win 3' }).first();
  await expect(row.getByTestId('run-ws353')).toHaveText(/^-?0\.\d{3}$/, { timeout: 30_000 });

  // Reload: the project opens again, and the form starts from the saved defaults.
  await page.reload();
  // Not asserted: that the sample reopens by itself after a reload on a shared host (see the report).
  await expect(page.getByTestId('project-row').first()).toBeVisible();
  await page.getByTestId('project-row').getByRole('button', { name: SAMPLE_PROJECT, exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText(SAMPLE_PROJECT);
  await page.getByRole('tab', { name: 'Runs' }).click();
  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await expect(form.getByLabel('Window', { exact: true })).toHaveValue('3');
  await expect(form.getByLabel('Backend')).toHaveValue(/^(auto|gpu|cpu|webasm)$/);

  // A user test set: its row in the table, its malformed line listed below.
  const setFile = join(webHost.dataFolder, 'my-set.txt');
  writeFileSync(setFile, 'king queen 8\nman woman 7.5\ncity town 6\nhouse not-a-number\nwater river 4\n');
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  await page.getByTestId('user-test-sets').fill(setFile);
  await page.getByRole('button', { name: 'Re-run evaluation' }).click();
  const table = page.getByTestId('score-table');
  await expect(table.locator('[data-set="my-set.txt"][data-metric="spearman"]')).toContainText(/-?\d\.\d{3}/, { timeout: 20_000 });
  await expect(table.locator('[data-set="ws353"][data-metric="spearman"]')).toHaveCount(1);
  await expect(page.getByTestId('set-problem').first()).toContainText('my-set.txt line 4');

  // Leave the defaults as they were for the other specs on this host.
  await page.getByRole('tab', { name: 'Runs' }).click();
  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await form.getByRole('button', { name: 'Reset to defaults' }).click();
  await expect(form.getByTestId('defaults-status')).toHaveText('SPPMI-SVD defaults reset.');
  await expect(form.getByLabel('Window', { exact: true })).not.toHaveValue('3');
});
