import { expect, test } from './fixtures';
test('after a reload the most recently opened project opens again', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await page.getByTestId('project-row').getByRole('button', { name: 'Sample (text8)', exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Sample (text8)');
  await page.getByRole('textbox', { name: 'New project' }).fill('Reopen check');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Reopen check');
  await page.getByTestId('project-row').getByRole('button', { name: 'Sample (text8)', exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Sample (text8)');
  await page.reload();
  await expect(page.getByTestId('project-name')).toHaveText('Sample (text8)', { timeout: 10000 });
});
