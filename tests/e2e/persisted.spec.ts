import { expect, test } from './fixtures';

test('an SGNS and an SPPMI-SVD run finish, are scored, and are still there after a reload', async ({ page, webHost }) => {
  test.setTimeout(90_000);
  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Persisted');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Persisted');
  await page.getByRole('tab', { name: 'Runs' }).click();
  const form = page.getByTestId('new-run');
  await form.getByRole('button', { name: 'Use the sample corpus (text8)' }).click();

  // Both on the sample corpus with small settings; the second waits for the first (one job at a time).
  await form.getByRole('radio', { name: 'SGNS', exact: true }).check();
  await form.getByLabel('Dimensions', { exact: true }).fill('10');
  await form.getByLabel('Epochs', { exact: true }).fill('1');
  await form.getByRole('button', { name: 'Start SGNS run' }).click();
  await form.getByRole('radio', { name: 'SPPMI-SVD' }).check();
  await form.getByLabel('Dimensions', { exact: true }).fill('10');
  await form.getByRole('button', { name: 'Start SPPMI-SVD run' }).click();

  const rows = page.getByTestId('run-row');
  for (const model of ['SGNS', 'SPPMI-SVD']) {
    const row = rows.filter({ has: page.getByTestId('run-model').getByText(model, { exact: true }) });
    await expect(row.getByTestId('run-status')).toHaveText('Done', { timeout: 60_000 });
    await expect(row.getByTestId('run-ws353')).toHaveText(/^-?0\.\d{3}$/, { timeout: 30_000 });
  }
  const scores = await rows.getByTestId('run-ws353').allTextContents();

  await page.reload();
  await expect(page.getByTestId('project-name')).toHaveText('Persisted');
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.getByTestId('run-status')).toHaveText(['Done', 'Done']);
  expect(await rows.getByTestId('run-ws353').allTextContents()).toEqual(scores);

  // The remaining views, kept as artifacts.
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByTestId('export-form')).toBeVisible();
  await page.screenshot({ path: 'test-results/artifacts/export.png' });
  await page.getByRole('complementary', { name: 'Projects' }).getByRole('button', { name: 'Settings' }).click();
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
  await page.screenshot({ path: 'test-results/artifacts/settings.png' });
});
