import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, startWebHost, test, type WebHost } from './fixtures';

// The Theorem view for the explicit factorisations: MF-SGNS (w·c against PMI − log k, the SGNS loss
// optimised over the whole matrix) and GloVe (w·c + b + b̃ against log N), read by the same generic
// reader as SGNS and SPPMI-SVD (compare.spec.ts covers those two).

const ARTIFACTS = 'test-results/artifacts';
const sampleCorpus = join(import.meta.dirname, '../../resources/sample/text8-sample.txt.gz');

function firth(dataFolder: string, args: string[]): string {
  return execFileSync(process.execPath, ['bin/firth.js', ...args], { stdio: 'pipe', env: { ...process.env, FIRTH_DATA_DIR: dataFolder }, encoding: 'utf8' });
}

let host: WebHost;
test.beforeAll(async () => {
  host = await startWebHost();
});
test.afterAll(async () => {
  await host.stop();
});

test('shows the theorem for MF-SGNS and GloVe runs: bands, density, the loss of both on one objective', async ({ page }) => {
  // Runs only where both models are registered (the models come with their own change).
  const models = firth(host.dataFolder, ['train', '--help']);
  test.skip(!models.includes('mf-sgns') || !models.includes('glove'), 'MF-SGNS and GloVe are not registered in this build');
  test.setTimeout(420_000);
  const runs = join(host.dataFolder, 'projects', 'Sample (text8)', 'runs');
  // 2,287 words (min-count 50): small enough for the full-matrix model to train in seconds.
  const train = (model: string, id: string, settings: string[]) =>
    firth(host.dataFolder, ['train', model, '--corpus', sampleCorpus, '--out', join(runs, id), '--token-pattern', 'whitespace', '--min-count', '50', '--quiet', '--threads', '2', ...settings]);
  // hilbert's negative term: the loss table then scores every run with it, and says so.
  train('mf-sgns', 'mf-e2e', ['--dimensions', '20', '--steps', '60', '--negative-term', 'hilbert']);
  train('glove', 'glove-e2e', ['--dimensions', '20', '--iterations', '5']);

  await page.setViewportSize({ width: 1400, height: 1800 });
  await page.goto(host.url);
  await page.getByTestId('project-row').getByRole('button', { name: 'Sample (text8)', exact: true }).click();
  await page.getByRole('tab', { name: 'Compare' }).click();
  const view = page.getByTestId('compare-view');
  // The view preselects two runs once the run list has loaded: choose only after that, or the
  // preselection can replace the choice.
  await expect(view.getByTestId('space-a').getByLabel('Run or file')).not.toHaveValue('');
  await view.getByTestId('space-a').getByLabel('Run or file').selectOption(join(runs, 'mf-e2e'));
  await view.getByTestId('space-b').getByLabel('Run or file').selectOption(join(runs, 'glove-e2e'));
  await expect(view.getByTestId('space-a').getByLabel('Run or file')).toHaveValue(join(runs, 'mf-e2e'));
  await view.getByRole('button', { name: 'Compare', exact: true }).click();
  await expect(view.getByTestId('compare-heading')).toContainText('mf-e2e', { timeout: 180_000 });
  await view.getByRole('tab', { name: 'Theorem' }).click();

  for (const [side, id, line] of [
    ['a', 'mf-e2e', 'w·c = PMI − log k: for '],
    ['b', 'glove-e2e', 'w·c + b + b̃ = log N: for '],
  ] as const) {
    const panel = view.getByTestId(`theorem-${side}`);
    await expect(panel.getByTestId('theorem-bands')).toBeVisible({ timeout: 180_000 });
    await expect(panel.getByTestId('theorem-bands').locator('tbody tr').filter({ hasText: 'N ≥ 100' })).toContainText(/\d\.\d{3}/);
    await expect(panel.getByTestId('theorem-sentence')).toContainText(line);
    await expect(panel.getByTestId('theorem-density').getByTestId('theorem-identity')).toHaveCount(1);
    const losses = panel.getByTestId('theorem-losses');
    await expect(losses.locator('tbody tr')).toHaveCount(2);
    await expect(losses.locator('tr.current')).toContainText(id);
    // One objective, MF-SGNS's own counts, k and α, whichever run is viewed.
    await expect(losses.locator('caption')).toContainText('on the counts of mf-e2e (window 5, dyn) with k = 5, α = 0.75');
    await expect(losses.getByTestId('theorem-negative-term')).toHaveText("hilbert's negative term k·(N_i − N_ij)·P_α(j)");
    await expect(losses.locator('caption')).toContainText('Σ N_ij·softplus(−w·c) + k·(N_i − N_ij)·P_α(j)·softplus(w·c)');
    await panel.screenshot({ path: `${ARTIFACTS}/theorem-${id}.png` });
  }
  // The hilbert run's weighted r uses its own cell weight.
  await expect(view.getByTestId('theorem-a').getByTestId('theorem-weighted')).toContainText("hilbert's negative term, N_ij + k·(N_i − N_ij)·P_α(j)");
  // GloVe's target is log N and its weighted r uses f(N).
  await expect(view.getByTestId('theorem-b').getByTestId('theorem-weighted')).toContainText("GloVe's f(N)");
});
