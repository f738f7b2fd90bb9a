import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function openRunsOfNewProject(page: Page, url: string, name: string): Promise<void> {
  await page.goto(url);
  await page.getByRole('textbox', { name: 'New project' }).fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText(name);
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByRole('heading', { name: 'New run' })).toBeVisible();
  // A new project's corpus field starts empty: the sample is one button away.
  await page.getByTestId('new-run').getByRole('button', { name: 'Use the sample corpus (text8)' }).click();
}

async function openSettings(page: Page): Promise<void> {
  await page.getByRole('complementary', { name: 'Projects' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test('re-runs, duplicates and compares runs; the default backend is saved from the Settings page', async ({ page, webHost }) => {
  test.setTimeout(60_000);
  await openRunsOfNewProject(page, webHost.url, 'Rerun study');
  const form = page.getByTestId('new-run');
  const jobs = page.getByTestId('job');
  const doneJobs = jobs.filter({ has: page.getByTestId('job-status').filter({ hasText: 'Done' }) });
  const runRows = page.getByTestId('run-row');

  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await form.getByLabel('Window', { exact: true }).fill('3');
  await form.getByLabel('Dimensions', { exact: true }).fill('10');
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();
  await expect(doneJobs).toHaveCount(1, { timeout: 30_000 });
  await expect(runRows).toHaveCount(1);
  const first = runRows.first();
  await expect(first.getByTestId('run-ws353')).not.toHaveText('scoring…');

  // Duplicate and edit: the form switches back to SPPMI-SVD with the run's settings.
  await form.getByRole('radio', { name: 'SGNS', exact: true }).check();
  await first.getByRole('button', { name: /^Duplicate .* and edit$/ }).click();
  await expect(form.getByRole('radio', { name: 'SPPMI-SVD' })).toBeChecked();
  await expect(form.getByLabel('Window', { exact: true })).toHaveValue('3');
  await expect(form.getByLabel('Dimensions', { exact: true })).toHaveValue('10');
  await expect(form.getByLabel('Token pattern')).toHaveValue('whitespace');
  await form.getByLabel('Dimensions', { exact: true }).fill('12');
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();
  await expect(doneJobs).toHaveCount(2, { timeout: 30_000 });
  await expect(runRows).toHaveCount(2);
  await expect(runRows.getByTestId('run-ws353')).not.toHaveText(['scoring…', 'scoring…']);

  // Both selected: the settings side by side, dimensions highlighted.
  for (const box of await runRows.getByRole('checkbox').all()) await box.check();
  const diff = page.getByTestId('settings-diff');
  await expect(diff.getByRole('heading', { name: 'Compare settings' })).toBeVisible();
  await expect(diff.locator('[data-testid="diff-row"][data-differs="true"]')).toHaveCount(1);
  const dimensions = diff.locator('[data-testid="diff-row"][data-key="settings.dimensions"]');
  await expect(dimensions).toHaveAttribute('data-differs', 'true');
  await expect(dimensions.getByRole('cell')).toHaveText(['10', '12']);
  await expect(diff.locator('[data-testid="diff-row"][data-key="settings.window"]')).toHaveAttribute('data-differs', 'false');

  // Re-run the d 12 run: a third run folder, trained with the same settings.
  await runRows.first().getByRole('button', { name: /^Re-run .* with these settings$/ }).click();
  await expect(jobs).toHaveCount(3);
  await expect(doneJobs).toHaveCount(3, { timeout: 30_000 });
  await expect(runRows).toHaveCount(3);
  await expect(runRows.first()).toContainText('d 12');
  await expect(runRows.first()).toContainText('win 3');

  // Settings: webasm as the default backend, shown in the status bar, kept across a reload.
  await openSettings(page);
  const backend = page.getByLabel('Default compute backend');
  await backend.selectOption('webasm');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('backend')).toHaveText(/^Backend: webasm/);
  await page.reload();
  await expect(page.getByTestId('backend')).toHaveText(/^Backend: webasm/);
  await page.getByRole('button', { name: 'Open settings' }).click();
  await expect(backend).toHaveValue('webasm');

  // gpu cannot run here: it is offered disabled, with the reason.
  const gpu = backend.locator('option[value="gpu"]');
  if (await gpu.isDisabled()) {
    await expect(page.getByTestId('unavailable-backends').locator('[data-backend="gpu"]')).toContainText('gpu is unavailable');
  }

  // Back to auto, so later tests in this worker train as a user's first start would.
  await backend.selectOption('auto');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByTestId('settings-saved')).toBeVisible();
  await expect(page.getByTestId('backend')).not.toHaveText(/^Backend: webasm/);
});
