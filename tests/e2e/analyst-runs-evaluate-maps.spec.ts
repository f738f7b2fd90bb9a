import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, trainSampleRun, useOwnWebHost } from './fixtures';

// The analyst's walk, fixed: the run list fits a 1280-px window and shows epochs and coverage; a run
// is renamed and annotated (kept in its run.json, shown in Evaluate, Compare and Explore by name);
// Evaluate shows covered items inline, charts correlation and accuracy apart, exports the charts and
// warns when coverage cannot rank the runs; the maps have tooltips, Find keeps the labels around the
// found word, and the overlap histogram spans the data.

const ARTIFACTS = 'test-results/artifacts';

// Its own host: the runs it adds to the sample project must not show up in other specs' run lists.
const ownHost = useOwnWebHost();

test('renames and annotates a run; Evaluate with inline coverage, a warning and chart export; map tooltips and Find', async ({ page }) => {
  test.setTimeout(300_000);
  const runs = join(ownHost().dataFolder, 'projects', 'Sample (text8)', 'runs');
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(ownHost().url);
  await page.getByTestId('project-row').getByRole('button', { name: 'Sample (text8)', exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Sample (text8)');
  // Different vocabularies (min count 5 and 40): the two runs cover different pairs of the test sets.
  trainSampleRun(ownHost().dataFolder, runs, 'sgns', '20260101-120000-sgns', ['--dimensions', '20', '--epochs', '1', '--threads', '2', '--min-count', '5']);
  trainSampleRun(ownHost().dataFolder, runs, 'sppmi-svd', '20260101-120500-sppmi-svd', ['--dimensions', '20', '--min-count', '40']);
  await page.reload();
  await page.getByRole('tab', { name: 'Runs' }).click();

  // The run list fits the window: no horizontal scrolling; epochs for SGNS, — for SPPMI-SVD.
  const list = page.getByTestId('run-list');
  await expect(list.getByTestId('run-row')).toHaveCount(2);
  const svdRow = list.locator('[data-run="20260101-120500-sppmi-svd"]');
  const sgnsRow = list.locator('[data-run="20260101-120000-sgns"]');
  await expect(sgnsRow.getByTestId('run-length')).toHaveText('1');
  await expect(sgnsRow.getByTestId('run-length')).toHaveAttribute('title', '1');
  await expect(svdRow.getByTestId('run-length')).toHaveText('—');
  const overflow = await list.evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Rename and annotate the SPPMI-SVD run: the list shows the name, the note's first line, and keeps the id.
  await svdRow.getByRole('button', { name: 'Rename or annotate 20260101-120500-sppmi-svd' }).click();
  const dialog = page.getByTestId('run-label-dialog');
  await expect(dialog.getByLabel('Name')).toHaveAttribute('placeholder', '20260101-120500-sppmi-svd');
  await dialog.getByLabel('Name').fill('SVD baseline');
  await dialog.getByLabel('Note').fill('Min count 40: a small vocabulary.\nCompare with the SGNS run.');
  await page.screenshot({ path: `${ARTIFACTS}/walk-rename-dialog.png` });
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await expect(svdRow.getByTestId('run-name')).toHaveText('SVD baseline');
  await expect(svdRow.getByTestId('run-note')).toHaveText('Min count 40: a small vocabulary.');
  await expect(svdRow.getByTestId('run-note')).toHaveAttribute('title', 'Min count 40: a small vocabulary.\nCompare with the SGNS run.');
  const record = JSON.parse(readFileSync(join(runs, '20260101-120500-sppmi-svd', 'run.json'), 'utf8')) as { name?: string; note?: string; model: string };
  expect(record).toMatchObject({ model: 'sppmi-svd', name: 'SVD baseline', note: 'Min count 40: a small vocabulary.\nCompare with the SGNS run.' });
  // The name survives a reload (it is read back from run.json).
  await page.reload();
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(page.getByTestId('run-list').locator('[data-run="20260101-120500-sppmi-svd"]').getByTestId('run-name')).toHaveText('SVD baseline');

  // Evaluate both: scores with their covered pairs inline, correlation and accuracy charted apart.
  await page.getByRole('tab', { name: 'Evaluate' }).click();
  const runChoices = page.getByRole('group', { name: 'Runs to compare' });
  await runChoices.getByRole('checkbox').first().check();
  await runChoices.getByRole('checkbox').last().check();
  await expect(runChoices).toContainText('SVD baseline');
  await page.getByRole('button', { name: 'Re-run evaluation' }).click();
  await expect(page.getByRole('button', { name: 'Re-run evaluation' })).toBeEnabled({ timeout: 60_000 });
  const table = page.getByTestId('score-table');
  await expect(table.getByTestId('score-column')).toHaveText(['SVD baseline', '20260101-120000-sgns'], { timeout: 30_000 });
  const ws353 = table.locator('[data-set="ws353"][data-metric="spearman"]');
  await expect(ws353.getByTestId('score-covered')).toHaveText([/^\(\d+\/353\)$/, /^\(\d+\/353\)$/]);
  await expect(table.locator('[data-set="google"][data-metric="3CosAdd"]')).toContainText(/\d+\.\d% \[\d+\.\d, \d+\.\d\] \(\d[\d,]*\/19,544\)/);
  await expect(page.getByTestId('score-bars-similarity')).toContainText('Similarity: Spearman ρ');
  await expect(page.getByTestId('score-bars-analogy')).toContainText('Analogies: accuracy');
  await expect(page.getByTestId('score-bars-analogy').locator('.tick text').last()).toHaveText(/^\d+%$/);
  // Different vocabularies cover different pairs: the warning says so, with its threshold.
  const warning = page.getByTestId('coverage-warning');
  await expect(warning).toContainText(/Runs cover different items \(a gap over 5% of the set\) — each score is on its own subset.*ws353 \(\d+ to \d+ of 353\)/);
  await expect(warning).toContainText(/Under 50% of the set's items in the vocabulary — .*google \(SVD baseline \d+%/);

  // Chart export: SVG and PNG files of what is shown.
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export similarity scores as SVG' }).click();
  const svg = await svgDownload;
  expect(svg.suggestedFilename()).toBe('similarity-scores.svg');
  expect(readFileSync(await svg.path(), 'utf8')).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*ws353/);
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export analogy accuracy as PNG' }).click();
  const png = await pngDownload;
  expect(png.suggestedFilename()).toBe('analogy-accuracy.png');
  expect([...readFileSync(await png.path()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  await page.mouse.move(1200, 20);
  await page.getByTestId('score-bars-similarity').scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/walk-evaluate.png` });
  await table.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/walk-evaluate-table.png` });

  // Runs again: the scores and their coverage in the list, at 1280 px.
  await page.getByRole('tab', { name: 'Runs' }).click();
  await expect(svdRow.getByTestId('run-ws353-coverage')).toHaveText(/^\d+% covered$/);
  await expect(svdRow.getByTestId('run-ws353-coverage')).toHaveAttribute('title', /^\d+ of 353 pairs in the vocabulary$/);
  expect(await list.evaluate((table) => table.parentElement!.scrollWidth - table.parentElement!.clientWidth)).toBeLessThanOrEqual(0);
  await page.getByRole('heading', { name: 'Runs in this project' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/walk-runs.png` });

  // Explore and Compare name the run by its name.
  await page.getByRole('tab', { name: 'Explore' }).click();
  await expect(page.getByTestId('explore-spaces')).toContainText('SVD baseline');
  await page.getByRole('tab', { name: 'Compare' }).click();
  const view = page.getByTestId('compare-view');
  await expect(view.getByTestId('space-a').getByLabel('Run or file').locator('option', { hasText: 'SVD baseline' })).toHaveCount(1);
  await view.getByTestId('space-a').getByLabel('Run or file').selectOption({ label: '20260101-120000-sgns · sgns · d=20' });
  await view.getByTestId('space-b').getByLabel('Run or file').selectOption({ label: 'SVD baseline · sppmi-svd · d=20' });
  await view.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(view.getByTestId('compare-heading')).toContainText('SVD baseline · sppmi-svd (W)', { timeout: 120_000 });

  // The overlap histogram's x axis spans the data: its ends are the data's, snapped out to 0.05.
  const histogram = view.getByTestId('overlap-histogram');
  await expect(histogram).toBeVisible();
  const csvDownload = page.waitForEvent('download');
  await view.getByRole('button', { name: /Export overlap histogram .* as CSV/ }).click();
  const jaccard = readFileSync(await (await csvDownload).path(), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => Number(line.split(',').at(-1)));
  const [low, high] = (await histogram.getAttribute('data-domain'))!.split(',').map(Number);
  const snappedLow = Math.floor(Math.min(...jaccard) / 0.05 + 1e-9) * 0.05;
  const snappedHigh = Math.ceil(Math.max(...jaccard) / 0.05 - 1e-9) * 0.05;
  expect(low).toBeCloseTo(Math.max(0, Math.min(snappedLow, snappedHigh - 0.1)), 9);
  expect(high).toBeCloseTo(Math.min(1, Math.max(snappedHigh, snappedLow + 0.1)), 9);
  await histogram.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/walk-histogram.png` });

  // Maps: Find zooms to the word and keeps the labels around it; hovering a point names it and its rank.
  await view.getByRole('tab', { name: 'Maps' }).click();
  const maps = view.getByTestId('scatter-map');
  await expect(maps).toHaveCount(2);
  const mapsPanel = view.getByTestId('maps-panel');
  await mapsPanel.getByRole('searchbox', { name: 'Find' }).fill('war');
  await mapsPanel.getByRole('button', { name: 'Find' }).click();
  await expect(mapsPanel.getByTestId('selection-size')).toHaveText('1 selected');
  await page.waitForTimeout(1_000); // the zoom to the found word
  const labels = Number(await maps.first().getAttribute('data-labels'));
  expect(labels).toBeGreaterThan(5);
  const canvas = maps.first().locator('canvas');
  await canvas.scrollIntoViewIfNeeded();
  const box = (await canvas.boundingBox())!;
  // The found word sits at the plot's centre (padding: 56 left, 16 right; 10 top, 42 bottom).
  await page.mouse.move(box.x + (56 + box.width - 16) / 2, box.y + (10 + box.height - 42) / 2);
  const tooltip = maps.first().getByTestId('map-tooltip');
  await expect(tooltip).toBeVisible();
  await expect(tooltip).toContainText(/frequency rank [\d,]+/);
  await expect(tooltip.getByTestId('map-tooltip-word')).toHaveText(/\S+/);
  await page.screenshot({ path: `${ARTIFACTS}/walk-maps.png` });
});
