import { join } from 'node:path';
import { expect, test, trainSampleRun, useOwnWebHost } from './fixtures';

const ARTIFACTS = 'test-results/artifacts';

// Its own host: the runs it adds to the sample project must not show up in other specs' run lists.
const ownHost = useOwnWebHost();

test('explores SGNS and SPPMI-SVD runs side by side: an expression, a similarity, doesnt_match, unknown words', async ({ page }) => {
  test.setTimeout(240_000);
  const runs = join(ownHost().dataFolder, 'projects', 'Sample (text8)', 'runs');
  await page.setViewportSize({ width: 1400, height: 1400 });
  await page.goto(ownHost().url);
  await page.getByTestId('project-row').getByRole('button', { name: 'Sample (text8)', exact: true }).click();
  await expect(page.getByTestId('project-name')).toHaveText('Sample (text8)');
  trainSampleRun(ownHost().dataFolder, runs, 'sgns', 'sgns-explore', ['--dimensions', '40', '--epochs', '2', '--threads', '2', '--min-count', '5']);
  trainSampleRun(ownHost().dataFolder, runs, 'sppmi-svd', 'svd-explore', ['--dimensions', '40', '--min-count', '5']);
  await page.reload();
  await expect(page.getByTestId('project-name')).toHaveText('Sample (text8)');

  await page.getByRole('tab', { name: 'Explore' }).click();
  const view = page.getByTestId('explore-view');
  // Both runs are chosen at first.
  await expect(view.getByTestId('explore-spaces').getByRole('checkbox', { checked: true })).toHaveCount(2);

  // Autocomplete from the vocabulary.
  const expression = view.getByTestId('explore-expression');
  await expression.pressSequentially('king - ma');
  await expect(view.getByTestId('explore-completions').locator('option[value="king - man"]')).toHaveCount(1);

  await expression.fill('king - man + woman');
  await view.getByRole('button', { name: 'Neighbours', exact: true }).click();
  const columns = view.getByTestId('explore-result');
  await expect(columns).toHaveCount(2);
  await expect(view.getByTestId('explore-echo')).toContainText('king - man + woman');
  for (const column of await columns.all()) {
    await expect(column.locator('tbody tr')).toHaveCount(10);
    await expect(column.getByRole('button', { name: 'king', exact: true })).toHaveCount(0);
  }
  await expect(columns.first().getByRole('heading')).toContainText('sgns-explore');
  await page.screenshot({ path: `${ARTIFACTS}/explore-expression.png`, fullPage: true });

  // The 2-epoch SGNS space has most vectors pointing one way: warned, and centring removes it.
  await expect(columns.first().getByTestId('shared-direction')).toBeVisible();
  await view.getByTestId('centre-vectors').check();
  await view.getByRole('button', { name: 'Neighbours', exact: true }).click();
  await expect(view.getByTestId('explore-echo')).toContainText('centred vectors');
  await expect(view.getByTestId('shared-direction')).toHaveCount(0);
  const centredTop = Number((await columns.first().locator('tbody tr').first().locator('td.number').first().textContent())!.replace('\u2212', '-'));
  expect(centredTop).toBeLessThan(0.99);
  await view.getByTestId('centre-vectors').uncheck();

  // An unknown word is echoed and left out.
  await expression.fill('queen + kingg');
  await view.getByRole('button', { name: 'Neighbours', exact: true }).click();
  await expect(view.getByTestId('explore-unknown').first()).toContainText('“kingg”');
  await expect(columns.first().locator('tbody tr')).toHaveCount(10);

  // The similarity of two words in every run.
  await view.getByTestId('similarity-first').fill('france');
  await view.getByTestId('similarity-second').fill('paris');
  await view.getByRole('button', { name: 'Similarity' }).click();
  const similarity = view.getByTestId('similarity-result');
  await expect(similarity.locator('tr')).toHaveCount(2);
  await expect(similarity.locator('td.number').first()).toHaveText(/^−?\d\.\d{3}$/);

  await view.getByTestId('doesnt-match-words').fill('breakfast lunch dinner france');
  await view.getByRole('button', { name: 'Find' }).click();
  await expect(view.getByTestId('doesnt-match-result').locator('tr')).toHaveCount(2);
  await page.screenshot({ path: `${ARTIFACTS}/explore-similarity.png`, fullPage: true });

  // The evidence behind a neighbour: its contexts and the lines where the two words meet.
  await expression.fill('king');
  await view.getByRole('button', { name: 'Neighbours', exact: true }).click();
  const svdColumn = columns.nth(1);
  await expect(svdColumn.getByRole('heading')).toContainText('svd-explore');
  const firstNeighbour = svdColumn.locator('tbody tr').first().locator('.word-link');
  const neighbourWord = (await firstNeighbour.textContent())!.trim();
  await firstNeighbour.click();
  const evidence = view.getByTestId('evidence-panel');
  await expect(evidence.getByTestId('evidence-contexts')).toHaveCount(2);
  await expect(evidence.getByTestId('evidence-shared').locator('tbody tr').first()).toBeVisible();
  await expect(evidence.getByTestId('evidence-counting')).toContainText('2 tokens each side');
  await expect(evidence.getByRole('heading', { name: new RegExp(`Concordance: “king” with “${neighbourWord}”`) })).toBeVisible();

  // A word's own concordance: the keyword in the middle of every line, with its line number.
  await evidence.getByTestId('evidence-word').fill('paris');
  await evidence.getByTestId('evidence-other').fill('');
  await evidence.getByRole('button', { name: 'Show evidence' }).click();
  const lines = evidence.getByTestId('concordance').locator('tr');
  await expect(lines).toHaveCount(25);
  await expect(lines.first().locator('.keyword')).toHaveText('paris');
  await expect(lines.first().locator('td').first()).toHaveText('1');
  await evidence.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${ARTIFACTS}/explore-evidence.png`, fullPage: true });

  // A neighbour in Compare opens its evidence in Explore.
  await page.getByRole('tab', { name: 'Compare' }).click();
  const compare = page.getByTestId('compare-view');
  await compare.getByLabel('Most frequent shared words').fill('2000');
  await compare.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(compare.getByTestId('compare-heading')).toContainText('svd-explore', { timeout: 60_000 });
  const neighbors = compare.getByTestId('neighbors-panel');
  await neighbors.getByRole('searchbox', { name: 'Word' }).fill('war');
  await neighbors.getByRole('button', { name: 'Show' }).click();
  await expect(neighbors.getByTestId('word-overlap')).toContainText('“war”');
  const svdNeighbour = neighbors.getByTestId('neighbors-b').getByRole('listitem').first();
  const svdWord = (await svdNeighbour.locator('.word-link').textContent())!.trim();
  await svdNeighbour.getByRole('button', { name: 'evidence' }).click();
  await expect(page.getByRole('tab', { name: 'Explore' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('evidence-panel').getByRole('heading', { name: new RegExp(`Concordance: “war” with “${svdWord}”`) })).toBeVisible();
});
