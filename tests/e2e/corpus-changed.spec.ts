import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect, test } from './fixtures';

test('a corpus that changed on disk is reported, and re-importing takes the new content', async ({ page, webHost }) => {
  // A small corpus of the user's own, outside the project, that will change after it was imported.
  const corpus = join(webHost.dataFolder, 'my-corpus.txt');
  writeFileSync(corpus, gunzipSync(readFileSync(join(process.cwd(), 'resources', 'sample', 'text8-sample.txt.gz'))).subarray(0, 200_000));

  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Changing corpus');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Changing corpus');
  const form = page.getByTestId('corpus-form');
  await form.getByLabel('Corpus file').fill(corpus);
  await form.getByLabel('Token pattern').selectOption('whitespace');
  await form.getByRole('button', { name: 'Use this corpus' }).click();
  const tokens = page.getByTestId('stat-tokens');
  await expect(tokens).toHaveText(/^[\d,]+$/, { timeout: 30_000 });
  const before = await tokens.textContent();

  appendFileSync(corpus, ' and then some more words were added');
  await page.reload();
  await page.getByTestId('project-row').getByRole('button', { name: 'Changing corpus', exact: true }).click();
  await expect(page.getByTestId('overview-error')).toContainText('has changed since it was imported');
  await page.getByTestId('reimport').click();
  await expect(tokens).toHaveText(/^[\d,]+$/, { timeout: 30_000 });
  expect(await tokens.textContent()).not.toBe(before);
});

test('in the browser, a corpus is uploaded to the host and used', async ({ page, webHost }) => {
  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Uploaded corpus');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Uploaded corpus');
  const form = page.getByTestId('corpus-form');
  const text = gunzipSync(readFileSync(join(process.cwd(), 'resources', 'sample', 'text8-sample.txt.gz'))).subarray(0, 150_000);
  await form.getByTestId('upload-corpus').setInputFiles({ name: 'my novels.txt', mimeType: 'text/plain', buffer: text });
  await expect(form.getByLabel('Corpus file')).toHaveValue(join(webHost.dataFolder, 'uploads', 'my novels.txt'));
  await form.getByLabel('Token pattern').selectOption('whitespace');
  await form.getByRole('button', { name: 'Use this corpus' }).click();
  await expect(page.getByTestId('stat-tokens')).toHaveText(/^[\d,]+$/, { timeout: 30_000 });
  expect(readFileSync(join(webHost.dataFolder, 'uploads', 'my novels.txt')).equals(text)).toBe(true);
});
