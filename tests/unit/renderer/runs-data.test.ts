import { describe, expect, it } from 'vitest';
import { appendLossPoint, lossChartDomains, summarizeProgress, type ProgressEvent } from '../../../src/renderer/src/runs/job-progress';
import { runFolderName, runFolderPath } from '../../../src/renderer/src/runs/run-folder';
import { summarizeRunRecord } from '../../../src/renderer/src/runs/run-summary';
import { applyPreset, errorFieldKey, formErrors, formValues, modelFields, presets, requestValues } from '../../../src/renderer/src/runs/training-form';

const train = (done: number, loss?: number): ProgressEvent => ({ jobId: 'j', phase: 'train', done, total: 1000, unit: 'words', ...(loss === undefined ? {} : { details: { loss } }) });

describe('training form', () => {
  it('starts from the schema defaults and applies presets on top', () => {
    expect(formValues(modelFields.sgns).window).toBe('5');
    const levy = applyPreset(presets.find((preset) => preset.id === 'levy-goldberg')!, 'sgns');
    expect(levy.model).toBe('sppmi-svd');
    expect(requestValues(modelFields['sppmi-svd'], levy.values)).toMatchObject({ window: 2, cds: 0.75, shiftK: 1, eig: 0.5 });
    const peer = presets.find((preset) => preset.id === 'peer-benchmark')!;
    expect(requestValues(modelFields['sppmi-svd'], applyPreset(peer, 'sppmi-svd').values)).toMatchObject({ window: 5, shiftK: 5, dimensions: 100 });
    expect(applyPreset(peer, 'sgns').values).toEqual(formValues(modelFields.sgns));
  });
  it('reports the schema message keyed like the service field', () => {
    const settings = { ...formValues(modelFields.sgns), window: '0' };
    expect(formErrors('sgns', formValues([]), settings)).toMatchObject({ 'settings.window': 'Too small: expected number to be >=1' });
    expect(errorFieldKey('settings.window')).toBe('settings.window');
    expect(errorFieldKey('corpusFile')).toBe('corpusFile');
    expect(errorFieldKey(undefined)).toBe('form');
  });
});

describe('run folder', () => {
  it('names the folder after the local start time and model', () => {
    const at = new Date(2024, 5, 11, 14, 23, 5);
    expect(runFolderName(at, 'sgns')).toBe('20240611-142305-sgns');
    expect(runFolderPath('/p/x/', at, 'sppmi-svd')).toBe('/p/x/runs/20240611-142305-sppmi-svd');
    expect(runFolderPath('C:\\p', at, 'sgns')).toBe('C:\\p\\runs\\20240611-142305-sgns');
  });
});

describe('progress', () => {
  it('keeps the loss curve bounded by merging neighbours', () => {
    let points = appendLossPoint([], train(1));
    expect(points).toEqual([]);
    for (let index = 1; index <= 9; index++) points = appendLossPoint(points, train(index * 10, index), 4);
    expect(points.length).toBeLessThanOrEqual(4);
    expect(points.at(-1)!.words).toBe(90);
    expect(lossChartDomains(points).x).toEqual([0, 90]);
  });
  it('draws a full-matrix trainer one point per step, and drops a step that was undone', () => {
    // MF-SGNS: step 0 loss 9, mid-pass reports repeat it, step 1 loss 8, step 2 loss 7 is rejected
    // (NaN) and the report goes back to step 1; the retaken step 2 has loss 7.5.
    let points = appendLossPoint([], train(0, 9));
    for (const event of [train(0.5, 9), train(1, 8), train(1.5, 8), train(2, 7), train(1, 8), train(2, 7.5)]) points = appendLossPoint(points, event);
    expect(points).toEqual([
      { words: 0, loss: 9 },
      { words: 1, loss: 8 },
      { words: 2, loss: 7.5 },
    ]);
  });
  it('summarizes a report', () => {
    const summary = summarizeProgress({ ...train(250, 2), rate: 1500, etaMs: 61_000 });
    expect(summary).toMatchObject({ stage: 'Training', percent: 25, rate: '1.5 k words/s', eta: '1m01s', loss: 2 });
    const withTotal = summarizeProgress({ ...train(250, 2), details: { epoch: 1, epochs: 2, loss: 2 } });
    expect(withTotal.epochLabel).toBe('epoch 1 of 2');
    expect(summarizeProgress({ ...train(250, 2), details: { epoch: 3 } }).epochLabel).toBe('epoch 3');
  });
  it('summarizes run.json', () => {
    const items = summarizeRunRecord({ model: 'sgns', timingsMs: { total: 1500 }, backend: { name: 'cpu', adapter: 'wasm' }, results: { wordsPerSecond: 2e6, finalLoss: 1.23456 } });
    expect(items.map((item) => `${item.label}: ${item.value}`)).toEqual(['Time: 1.5s', 'Backend: cpu · wasm', 'Speed: 2.0 M words/s', 'Final loss: 1.2346']);
  });
});
