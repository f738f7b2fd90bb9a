import { describe, expect, it } from 'vitest';
import { sgnsDefaults, trainSgns, validateEncodedCorpus, validateSgnsOptions, type SgnsOptions } from '../../../src/engine/models/sgns';
import { zipfCorpus } from './fixtures';

describe('sgnsDefaults', () => {
  it('are the peers’ skip-gram settings', () => {
    expect(sgnsDefaults).toMatchObject({
      dimensions: 100,
      window: 5,
      fixedWindow: false,
      negative: 5,
      nsExponent: 0.75,
      subsample: 1e-4,
      epochs: 5,
      alpha: 0.025,
      minAlpha: 0.0001,
      seed: 1,
    });
    expect(sgnsDefaults.threads).toBeGreaterThanOrEqual(1);
    expect(validateSgnsOptions()).toEqual(sgnsDefaults);
    expect(validateSgnsOptions({ dimensions: 7, window: undefined })).toEqual({ ...sgnsDefaults, dimensions: 7 });
  });
});

describe('validateSgnsOptions', () => {
  const bad: Array<[keyof SgnsOptions, unknown]> = [
    ['negative', 0],
    ['negative', 2.5],
    ['dimensions', 0],
    ['dimensions', 2001],
    ['dimensions', Number.NaN],
    ['epochs', 0],
    ['alpha', 0],
    ['alpha', -0.01],
    ['alpha', Number.POSITIVE_INFINITY],
    ['minAlpha', -1],
    ['minAlpha', 0.5],
    ['threads', 0],
    ['window', 0],
    ['subsample', -1e-4],
    ['nsExponent', Number.NaN],
    ['seed', -1],
    ['seed', 1.5],
    ['fixedWindow', 'yes'],
    ['update', 'hogwild'],
  ];
  it.each(bad)('rejects %s = %s naming the field', (field, value) => {
    let caught: unknown;
    try {
      validateSgnsOptions({ [field]: value } as Partial<SgnsOptions>);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ name: 'FirthError', code: 'invalid-input', where: { field } });
    expect((caught as Error).message).toContain(field);
  });

  it('names the update modes when the mode is unknown', () => {
    expect(() => validateSgnsOptions({ update: 'hogwild' } as unknown as Partial<SgnsOptions>)).toThrow(/update: .*"batched".*"word2vec".*got hogwild/);
    expect(validateSgnsOptions().update).toBe('batched');
  });

  it('rejects an unknown option (a misspelt field would otherwise be ignored)', () => {
    expect(() => validateSgnsOptions({ negativeSamples: 10 } as Partial<SgnsOptions>)).toThrow(expect.objectContaining({ where: { field: 'negativeSamples' } }));
  });

  it('accepts the edges', () => {
    expect(() => validateSgnsOptions({ dimensions: 1, negative: 1, epochs: 1, threads: 1, minAlpha: 0, subsample: 0 })).not.toThrow();
    expect(() => validateSgnsOptions({ dimensions: 2000, minAlpha: 0.025, alpha: 0.025 })).not.toThrow();
  });

  it('rejects a vocabulary smaller than the window', () => {
    expect(() => validateSgnsOptions({ window: 5 }, 4)).toThrow(expect.objectContaining({ code: 'invalid-input', where: { field: 'window' } }));
    expect(() => validateSgnsOptions({ window: 5 }, 5)).not.toThrow();
  });
});

describe('validateEncodedCorpus', () => {
  it('rejects ids outside the vocabulary and bad counts', () => {
    const counts = new Float64Array([3, 2]);
    expect(() => validateEncodedCorpus({ ids: Int32Array.of(0, 1, -1, -2), counts })).not.toThrow();
    expect(() => validateEncodedCorpus({ ids: Int32Array.of(0, 2), counts })).toThrow(expect.objectContaining({ where: { field: 'corpus' } }));
    expect(() => validateEncodedCorpus({ ids: Int32Array.of(-3), counts })).toThrow(/token 0 has id -3/);
    expect(() => validateEncodedCorpus({ ids: Int32Array.of(0), counts: Float64Array.of(Number.NaN) })).toThrow(/count/);
  });
});

describe('trainSgns input checks', () => {
  it('fails before any work for bad options, a small vocabulary or bad ids', async () => {
    const corpus = zipfCorpus(1000, 50);
    const progress: unknown[] = [];
    const hooks = { onProgress: (event: unknown) => progress.push(event) };
    await expect(trainSgns(corpus, { negative: 0 }, hooks)).rejects.toMatchObject({ code: 'invalid-input', where: { field: 'negative' } });
    await expect(trainSgns(corpus, { dimensions: 2001 }, hooks)).rejects.toMatchObject({ where: { field: 'dimensions' } });
    await expect(trainSgns(corpus, { threads: 0 }, hooks)).rejects.toMatchObject({ where: { field: 'threads' } });
    await expect(trainSgns(corpus, { window: 60 }, hooks)).rejects.toMatchObject({ where: { field: 'window' } });
    await expect(trainSgns({ ids: Int32Array.of(0, 50), counts: corpus.counts }, {}, hooks)).rejects.toMatchObject({ where: { field: 'corpus' } });
    // No training started for any of them: nothing was reported.
    expect(progress).toEqual([]);
  });

  it('throws cancelled for a signal aborted before the start', async () => {
    await expect(trainSgns(zipfCorpus(1000, 50), { threads: 1 }, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'cancelled' });
  });
});
