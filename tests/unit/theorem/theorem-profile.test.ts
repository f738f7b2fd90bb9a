import { describe, expect, it } from 'vitest';
import { MfSgnsSettingsSchema } from '../../../src/shared/hyperparameters/mf-sgns';
import { negativeTermLabel } from '../../../src/shared/compare';
import { theoremProfile } from '../../../src/workbench/theorem/theorem-profile';

describe("the theorem view's reading of a run's objective", () => {
  const record = (model: string, settings: Record<string, unknown>) => ({ model, corpus: { file: '/c.txt' }, settings: { corpus: {}, model: settings } });

  it("takes an MF-SGNS run's own negative term (hilbert or levy); every other model is scored with Levy & Goldberg's", () => {
    const hilbert = theoremProfile(record('mf-sgns', MfSgnsSettingsSchema.parse({ negativeTerm: 'hilbert', negative: 3 })), '/runs/mf', false);
    expect(hilbert).toMatchObject({ negativeTerm: 'hilbert', k: 3, loss: 'sgns', target: 'shifted-pmi' });
    expect(theoremProfile(record('mf-sgns', MfSgnsSettingsSchema.parse({})), '/runs/mf', false).negativeTerm).toBe('levy');
    // A record from before the setting existed reads as levy; a bad value names the field.
    expect(theoremProfile(record('mf-sgns', { window: 5 }), '/runs/mf', false).negativeTerm).toBe('levy');
    expect(() => theoremProfile(record('mf-sgns', { negativeTerm: 'other' }), '/runs/mf', false)).toThrow(/settings\.model\.negativeTerm must be one of levy, hilbert/);
    expect(theoremProfile(record('sgns', {}), '/runs/sgns', false).negativeTerm).toBe('levy');
    expect(theoremProfile(record('glove', { negativeTerm: 'hilbert' }), '/runs/glove', true).negativeTerm).toBe('levy');
    expect(negativeTermLabel('hilbert')).toBe("hilbert's negative term k·(N_i − N_ij)·P_α(j)");
  });
});
