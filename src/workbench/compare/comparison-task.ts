import type { Comparison, SpaceRef } from '../../shared/compare';
import type { MatrixChoice } from '../../engine/formats/embedding';

/** What the comparison worker's `open` task takes: both spaces and how many shared words to keep. */
export interface OpenComparisonTask {
  a: Required<SpaceRef> & { matrix: MatrixChoice };
  b: Required<SpaceRef> & { matrix: MatrixChoice };
  top: number;
  centre?: { components: number };
}

/** What it answers: everything of a Comparison except the id the service gives it. */
export type ComparisonOpened = Omit<Comparison, 'comparisonId'>;
