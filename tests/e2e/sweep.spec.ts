import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './fixtures';

const TABLE_SCREENSHOT = 'test-results/artifacts/sweep-table.png';
const HEATMAP_SCREENSHOT = 'test-results/artifacts/sweep-heatmap.png';

test('a small sweep from the Runs tab on the sample: plan, progress, table, best runs, heatmap and line chart', async ({ page, webHost }) => {
  test.setTimeout(170_000);
  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Sweep study');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Sweep study');
  await page.getByRole('tab', { name: 'Runs' }).click();

  const sweep = page.getByTestId('sweep');
  await expect(sweep.getByRole('heading', { name: 'Sweep' })).toBeVisible();
  await sweep.getByRole('radio', { name: 'SPPMI-SVD', exact: true }).check();
  await sweep.getByLabel('Sweep name').fill('small grid');
  await sweep.getByLabel('Score each run on').selectOption('similarity');

  // A value out of range is named with its setting and range, under its field.
  const windowField = sweep.getByLabel('Window', { exact: true });
  await windowField.fill('2, 50');
  await expect(sweep.getByTestId('sweep-field-error')).toHaveText('window = 50 is out of range for SPPMI-SVD: window must be a whole number from 1 to 20');
  await expect(sweep.getByRole('button', { name: 'Start sweep' })).toBeDisabled();

  await windowField.fill('2, 5');
  await sweep.getByLabel('Shift k', { exact: true }).fill('1, 5');
  await sweep.getByLabel('Dimensions', { exact: true }).fill('10, 20');
  await expect(sweep.getByTestId('sweep-field-error')).toHaveCount(0);
  await expect(sweep.getByTestId('sweep-plan')).toHaveText(/^8 runs: 2 co-occurrence counts, 4 SVDs \(at the largest d, truncated for smaller d\) · about \d+ (s|min)$/);

  await sweep.getByRole('button', { name: 'Start sweep' }).click();
  await expect(sweep.getByTestId('sweep-progress-runs')).toHaveText('8 of 8 runs done', { timeout: 150_000 });
  await expect(sweep.getByTestId('sweep-status')).toHaveText('· done');

  const table = sweep.getByTestId('sweep-table');
  await expect(table.getByTestId('sweep-row')).toHaveCount(8);
  const headers = await table.locator('thead th').allInnerTexts();
  expect(headers.slice(1, 6).map((text) => text.replace(/[▲▼]/g, '').trim())).toEqual(['Run', 'Model', 'Window', 'Shift k', 'Dimensions']);
  expect(headers).toContain('ws353 spearman');

  // The best run per score is the table's largest value in that column.
  const scoreColumn = headers.indexOf('ws353 spearman');
  const values = (await table.locator(`tbody tr td:nth-child(${scoreColumn + 1}) .value`).allInnerTexts()).map((text) => Number.parseFloat(text));
  const marked = table.locator('td[data-best="ws353 spearman"]');
  await expect(marked).toHaveCount(1);
  expect(Number.parseFloat(await marked.locator('.value').innerText())).toBe(Math.max(...values));

  // Sorting by the score puts the best run first.
  await table.getByRole('button', { name: 'ws353 spearman' }).click();
  await expect(table.locator('tbody tr').first().locator('td[data-best="ws353 spearman"]')).toHaveCount(1);
  // Filtering by a setting keeps its runs.
  await sweep.getByLabel('Filter runs').fill('window=5');
  await expect(table.getByTestId('sweep-row')).toHaveCount(4);
  await sweep.getByLabel('Filter runs').fill('');

  // Every run is an ordinary run folder of the project; the sweep folder has sweep.json and results.csv.
  const project = join(webHost.dataFolder, 'projects', 'Sweep study');
  const runs = readdirSync(join(project, 'runs')).filter((name) => name.startsWith('small-grid-'));
  expect(runs).toHaveLength(8);
  expect(JSON.parse(readFileSync(join(project, 'runs', runs[0], 'run.json'), 'utf8')).sweep.point).toMatchObject({ window: expect.any(Number) });
  expect(existsSync(join(project, 'sweeps', 'small-grid', 'results.csv'))).toBe(true);

  // The heatmap (window × shiftK, best over d) and the line chart.
  const heatmap = sweep.getByTestId('sweep-heatmap');
  await expect(heatmap.locator('rect')).toHaveCount(4);
  await expect(sweep.getByTestId('sweep-line-chart').locator('path')).toHaveCount(1);
  await sweep.getByLabel('Lines by').selectOption('shiftK');
  await expect(sweep.getByTestId('sweep-line-chart').locator('path')).toHaveCount(2);

  await page.setViewportSize({ width: 1280, height: 1100 });
  await page.mouse.move(1200, 20);
  await table.scrollIntoViewIfNeeded();
  await sweep.getByTestId('sweep-results').screenshot({ path: TABLE_SCREENSHOT });
  await heatmap.scrollIntoViewIfNeeded();
  await heatmap.locator('xpath=ancestor::figure[1]').screenshot({ path: HEATMAP_SCREENSHOT });
});

test('a sweep is cancelled from its progress bar, keeps what it finished, and offers to resume', async ({ page, webHost }) => {
  test.setTimeout(120_000);
  await page.goto(webHost.url);
  await page.getByRole('textbox', { name: 'New project' }).fill('Cancelled sweep');
  await page.getByRole('button', { name: 'Create' }).click();
  await page.getByRole('tab', { name: 'Runs' }).click();
  const sweep = page.getByTestId('sweep');
  // Loaded from a sweep file (as "Save sweep file" writes it).
  const file = { schemaVersion: 1, name: 'long sgns', models: [{ model: 'sgns', grid: { window: [2, 5], epochs: [200] } }], sets: [] };
  await sweep.getByLabel('Load sweep file').setInputFiles({ name: 'long.sweep.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(file)) });
  await expect(sweep.getByTestId('sweep-file-status')).toHaveText('Loaded long.sweep.json');
  await expect(sweep.getByRole('radio', { name: 'SGNS', exact: true })).toBeChecked();
  await expect(sweep.getByLabel('Window', { exact: true })).toHaveValue('2, 5');
  await expect(sweep.getByLabel('Epochs', { exact: true })).toHaveValue('200');
  await expect(sweep.getByLabel('Score each run on')).toHaveValue('none');
  await expect(sweep.getByTestId('sweep-plan')).toHaveText(/^2 runs: 2 runs trained on their own \(sharing the prepared corpus\) · about/);
  await sweep.getByRole('button', { name: 'Start sweep' }).click();

  const progress = sweep.getByTestId('sweep-progress');
  await expect(progress).toContainText(/run 1: Training \d+ %/, { timeout: 60_000 });
  // The second run can be cancelled on its own while the first trains.
  await sweep.getByRole('button', { name: 'Cancel run 2' }).click();
  await progress.getByRole('button', { name: 'Cancel sweep' }).click();
  await expect(sweep.getByTestId('sweep-status')).toHaveText(/· cancelled/);
  await expect(sweep.getByTestId('sweep-table').getByTestId('sweep-row')).toHaveCount(2);
  await expect(sweep.getByRole('button', { name: 'Resume' })).toBeVisible();
});
