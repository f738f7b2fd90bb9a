import { join } from 'node:path';
import { FirthError } from '../../shared/errors';

// The test sets shipped in resources/testsets/ (see the README there for sources, checksums and
// licences). Callers pass the resource folder, since where it lives depends on how Firth runs.

export interface BundledTestSet {
  id: string;
  name: string;
  kind: 'similarity' | 'analogy';
  fileName: string;
  /** Pairs or questions in the file. */
  items: number;
  /** What the human ratings measure, in a few words. */
  measures: string;
  citation: string;
  /** As far as known; see resources/testsets/README.md. */
  licence: string;
}

export const bundledTestSets: readonly BundledTestSet[] = [
  {
    id: 'ws353',
    name: 'WordSim-353',
    kind: 'similarity',
    fileName: 'ws353.txt',
    items: 353,
    measures: 'similarity and relatedness, mixed',
    citation:
      'Finkelstein, Gabrilovich, Matias, Rivlin, Solan, Wolfman & Ruppin. Placing Search in Context: The Concept Revisited. ACM TOIS 20(1), 2002.',
    licence: 'No explicit licence found; freely distributed for research.',
  },
  {
    id: 'ws353-similarity',
    name: 'WordSim-353 similarity',
    kind: 'similarity',
    fileName: 'ws353_similarity.txt',
    items: 203,
    measures: 'similarity',
    citation:
      'Agirre, Alfonseca, Hall, Kravalova, Paşca & Soroa. A Study on Similarity and Relatedness Using Distributional and WordNet-based Approaches. NAACL-HLT 2009.',
    licence: 'As WordSim-353.',
  },
  {
    id: 'ws353-relatedness',
    name: 'WordSim-353 relatedness',
    kind: 'similarity',
    fileName: 'ws353_relatedness.txt',
    items: 252,
    measures: 'relatedness',
    citation:
      'Agirre, Alfonseca, Hall, Kravalova, Paşca & Soroa. A Study on Similarity and Relatedness Using Distributional and WordNet-based Approaches. NAACL-HLT 2009.',
    licence: 'As WordSim-353.',
  },
  {
    id: 'simlex999',
    name: 'SimLex-999',
    kind: 'similarity',
    fileName: 'simlex999.txt',
    items: 999,
    measures: 'strict similarity',
    citation:
      'Hill, Reichart & Korhonen. SimLex-999: Evaluating Semantic Models with (Genuine) Similarity Estimation. Computational Linguistics 41(4), 2015.',
    licence: 'No licence text found; the authors ask to be cited.',
  },
  {
    id: 'men',
    name: 'MEN',
    kind: 'similarity',
    fileName: 'bruni_men.txt',
    items: 3000,
    measures: 'relatedness',
    citation: 'Bruni, Tran & Baroni. Multimodal Distributional Semantics. JAIR 49, 2014.',
    licence: 'Not verified; see the MEN dataset page.',
  },
  {
    id: 'google',
    name: 'Google analogies',
    kind: 'analogy',
    fileName: 'google.txt',
    items: 19544,
    measures: 'analogies: 8,869 semantic (5 sections), 10,675 syntactic (9 sections)',
    citation:
      'Mikolov, Chen, Corrado & Dean. Efficient Estimation of Word Representations in Vector Space. ICLR Workshop 2013.',
    licence: 'Apache-2.0 (shipped with word2vec).',
  },
];

export function findBundledTestSet(id: string): BundledTestSet {
  const set = bundledTestSets.find((entry) => entry.id === id);
  if (!set) {
    throw new FirthError('not-found', `No bundled test set "${id}" (there are: ${bundledTestSets.map((entry) => entry.id).join(', ')})`, {
      field: 'testSet',
    });
  }
  return set;
}

/** Where a bundled set's file is, given the resources/testsets folder. */
export function bundledTestSetPath(testSetsFolder: string, id: string): string {
  return join(testSetsFolder, findBundledTestSet(id).fileName);
}
