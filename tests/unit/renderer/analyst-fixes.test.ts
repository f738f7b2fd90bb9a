import { describe, expect, it } from 'vitest';
import { CorpusSettingsSchema } from '../../../src/shared/hyperparameters/corpus';
import { models, modelIds } from '../../../src/shared/models';
// The files src/engine/formats/projector.ts writes (projectorFileNames); the renderer cannot import the engine.
const projectorFileNames = ['tensors.tsv', 'tensors.bytes', 'metadata.tsv', 'projector_config.json'];
import { exportFormats } from '../../../src/renderer/src/export/export-paths';
import { corpusFields, fieldError, fieldLabels, formValues, requestValues } from '../../../src/renderer/src/runs/training-form';

describe('fixes from the analyst’s walk', () => {
  it('names every setting in words, the corpus ones as the Corpus tab does', () => {
    const names = [...Object.keys(CorpusSettingsSchema.shape), ...modelIds.flatMap((id) => Object.keys((models[id].settings as unknown as { shape: object }).shape))];
    for (const name of names) {
      expect(fieldLabels[name], name).toBeDefined();
      // Words, not identifiers: no camelCase.
      expect(fieldLabels[name], name).not.toMatch(/[a-z][A-Z]/);
    }
    expect(fieldLabels).toMatchObject({ nsExponent: 'Noise exponent', minAlpha: 'Final learning rate', fixedWindow: 'Fixed window', oovMode: 'OOV mode', minCount: 'Min count', maxSize: 'Max vocabulary size' });
  });

  it('the Export help names the files the Projector export writes', () => {
    const projector = exportFormats.find((format) => format.id === 'projector')!;
    for (const file of projectorFileNames) expect(projector.description).toContain(file);
    expect(projector.description).not.toContain('vectors.tsv');
  });

  it('offers a text field for the drop pattern, checked by the schema, left out when empty', () => {
    const spec = corpusFields.find((field) => field.name === 'dropPattern')!;
    expect(spec.kind).toBe('text');
    const schema = CorpusSettingsSchema as unknown as Parameters<typeof fieldError>[0];
    expect(fieldError(schema, spec, '(')).toBe('Not a valid regular expression');
    expect(fieldError(schema, spec, '\\d+\\w*\\d+')).toBeNull();
    const values = formValues(corpusFields);
    expect(requestValues(corpusFields, values)).not.toHaveProperty('dropPattern');
    expect(requestValues(corpusFields, { ...values, dropPattern: ' \\d+ ' })).toMatchObject({ dropPattern: '\\d+' });
  });
});
