// The theorem view's figures in one plain paragraph: which cells follow the line, which do not, and
// why a rank-d factorisation cannot fit the rare ones.

import type { TheoremBand } from '../../shared/compare';
import type { TheoremTarget } from './theorem-figures';

export interface SentenceInput {
  target: TheoremTarget;
  /** The loss the run was trained with: 'sgns' (SGNS, MF-SGNS), 'svd' (SPPMI-SVD) or 'glove'. */
  loss: 'sgns' | 'svd' | 'glove';
  bands: TheoremBand[];
  weightedPearson: number | null;
  vocabulary: number;
  dimensions: number;
  /** SGNS-family runs: the negative term of the run's own loss (levy by default). */
  negativeTerm?: 'levy' | 'hilbert';
}

/** r from which frequent cells are said to follow the line (with a slope within 0.25 of 1), or to come close. */
const closeFit = 0.85;
const looseFit = 0.5;

/** Bands with enough cells for their r to mean something. */
const smallestBand = 30;

const two = (value: number) => value.toFixed(2);

export function theoremSentence(input: SentenceInput): string {
  const { target, loss, bands, weightedPearson, vocabulary, dimensions } = input;
  const sgnsWeight = input.negativeTerm === 'hilbert' ? 'N_ij + k·(N_i − N_ij)·P_α(j)' : 'N_ij + k·N_i·P_α(j)';
  const line = target === 'shifted-pmi' ? 'PMI − log k' : 'log N';
  const score = loss === 'glove' ? 'w·c + b + b̃' : 'w·c';
  const usable = bands.filter((band) => band.cells >= smallestBand && band.pearson !== null);
  if (usable.length === 0) return `Too few observed cells to say how closely ${score} follows ${line}.`;
  const frequent = usable[usable.length - 1];
  const rare = usable[0];
  const parts: string[] = [];
  const offset = frequent.meanOffset === null ? '' : `, ${Math.abs(frequent.meanOffset) < 0.005 ? 'on the line on average' : `${two(Math.abs(frequent.meanOffset))} ${frequent.meanOffset < 0 ? 'below' : 'above'} it on average`}`;
  const slope = frequent.slope === null ? '' : ` and slope ${two(frequent.slope)}`;
  const r = frequent.pearson!;
  const closely = r >= closeFit && frequent.slope !== null && Math.abs(frequent.slope - 1) <= 0.25;
  const lead = closely ? 'Frequent cells follow the line' : r >= looseFit ? 'Frequent cells come closest to the line' : 'No count band follows the line closely; frequent cells come closest to';
  parts.push(`${lead} ${score} = ${line}: for ${frequent.label}, r = ${two(r)}${slope}${offset}.`);
  if (rare !== frequent) {
    parts.push(`Rare cells ${rare.pearson! < r ? 'do not' : 'do no better'}: for ${rare.label}, r = ${two(rare.pearson!)}.`);
  }
  const rank = `${dimensions} dimensions for ${vocabulary.toLocaleString('en')} words can only hold a rank-${dimensions} matrix (d ≪ V)`;
  if (loss === 'sgns') {
    parts.push(
      `${closely ? 'That is what the theorem predicts once the rank is limited' : 'Even at the optimum not every cell could be'}: ${rank}, so the fit goes where the SGNS loss puts its weight, ${sgnsWeight} — on frequent pairs — and a pair seen once or twice has little weight and a noisy PMI, so its cell cannot be matched.`,
    );
  } else if (loss === 'svd') {
    parts.push(
      `SVD's squared loss weighs every SPPMI cell the same and sets cells with PMI below log k to 0, not to their PMI: ${rank}, and it spends them evenly on the many rare cells instead of on the frequent ones the SGNS objective cares about.`,
    );
  } else {
    parts.push(`GloVe fits log N rather than PMI, weighting each cell by f(N), capped at 1 above x_max: ${rank}, spent on the cells f weighs most.`);
  }
  const weight = loss === 'glove' ? "GloVe's f(N)" : `the SGNS cell weight ${sgnsWeight}`;
  if (weightedPearson !== null) parts.push(`Weighted by ${weight}, r = ${two(weightedPearson)}.`);
  if (!closely && loss === 'sgns') parts.push('This run is still far from the optimum of its own loss: more epochs, more text or no subsampling move it closer.');
  return parts.join(' ');
}
