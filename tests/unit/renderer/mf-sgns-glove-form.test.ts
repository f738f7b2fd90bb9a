import { describe, expect, it } from 'vitest';
import { applyPreset, corpusFields, fieldError, formErrors, formValues, modelFields, modelSchemas, presets, requestValues } from '../../../src/renderer/src/runs/training-form';

describe('the Runs form for MF-SGNS and GloVe', () => {
  it('has the two presets, each switching to its model with its settings', () => {
    const hilbert = applyPreset(presets.find((preset) => preset.label === 'MF-SGNS (hilbert)')!, 'sgns');
    expect(hilbert.model).toBe('mf-sgns');
    expect(requestValues(modelFields['mf-sgns'], hilbert.values)).toMatchObject({ negativeTerm: 'hilbert', optimizer: 'adam', steps: 300, maxSize: 10000, init: 'random' });
    const glove = applyPreset(presets.find((preset) => preset.label === 'GloVe (paper)')!, 'sgns');
    expect(glove.model).toBe('glove');
    expect(requestValues(modelFields.glove, glove.values)).toMatchObject({ window: 10, weighting: 'harmonic', xMax: 10, alpha: 0.75, iterations: 15, learningRate: 0.05, dimensions: 100 });
  });

  it("shows init as a text field and checks every field with the model's schema", () => {
    const init = modelFields['mf-sgns'].find((spec) => spec.name === 'init')!;
    expect(init.kind).toBe('text');
    expect(requestValues([init], { init: ' /runs/svd ' })).toEqual({ init: '/runs/svd' });
    expect(fieldError(modelSchemas['mf-sgns'] as never, init, '')).toBe('Required');
    const bad = { ...formValues(modelFields.glove), xMax: '0', learningRate: '-1' };
    expect(Object.keys(formErrors('glove', formValues(corpusFields), bad))).toEqual(['settings.xMax', 'settings.learningRate']);
    expect(Object.keys(formErrors('mf-sgns', formValues(corpusFields), { ...formValues(modelFields['mf-sgns']), negative: '0.5', steps: '0' }))).toEqual(['settings.negative', 'settings.steps']);
  });
});
