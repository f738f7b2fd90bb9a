import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareCorpus, resolveCorpusOptions } from '../../../src/engine/corpus/prepare-corpus';
import { tokenizeText } from '../../../src/engine/corpus/tokenize';
import { useTempFolders } from '../../helpers/temp-folder';

const folder = useTempFolders();

describe('dropping numbers', () => {
  it('drops tokens made only of digits, keeping words with digits in them', () => {
    const text = '2 Kings 9:1 And Elisha the prophet called one of the children in 1611, the 3rd year; mp3s.';
    const options = { lowercase: true, tokenPattern: 'unicode' as const, sentenceBoundary: 'line' as const };
    expect(tokenizeText(text, options)[0]).toContain('1611');
    const dropped = tokenizeText(text, { ...options, dropNumbers: true })[0];
    expect(dropped).toEqual(['kings', 'and', 'elisha', 'the', 'prophet', 'called', 'one', 'of', 'the', 'children', 'in', 'the', '3rd', 'year', 'mp3s']);
  });

  it('drops tokens that match a pattern in full, such as verse references', () => {
    const options = { lowercase: true, tokenPattern: 'unicode' as const, sentenceBoundary: 'line' as const };
    const text = '2Ki9 And Jehu drove furiously 2ki10 unto Jezreel';
    expect(tokenizeText(text, { ...options, dropPattern: '\\d+\\w*\\d+' })[0]).toEqual(['and', 'jehu', 'drove', 'furiously', 'unto', 'jezreel']);
    // In full: a word that only contains a match is kept.
    expect(tokenizeText('drove furiously', { ...options, dropPattern: 'furious' })[0]).toEqual(['drove', 'furiously']);
    expect(() => resolveCorpusOptions({ dropPattern: '(' })).toThrow(/dropPattern is not a valid regular expression/);
    expect(resolveCorpusOptions({})).not.toHaveProperty('dropPattern');
  });

  it('is off by default and then absent from the options that key the corpus cache', async () => {
    expect(resolveCorpusOptions({})).not.toHaveProperty('dropNumbers');
    expect(resolveCorpusOptions({ dropNumbers: true })).toMatchObject({ dropNumbers: true });
    expect(() => resolveCorpusOptions({ dropNumbers: 'yes' as unknown as boolean })).toThrow(/dropNumbers must be true or false/);
    const file = join(folder(), 'verses.txt');
    writeFileSync(file, Array.from({ length: 20 }, (_, index) => `${index + 1} in the beginning ${index + 1}`).join('\n'));
    const kept = await prepareCorpus(file, { minCount: 1 });
    const dropped = await prepareCorpus(file, { minCount: 1, dropNumbers: true });
    expect(kept.vocabulary.words).toContain('7');
    expect(dropped.vocabulary.words.sort()).toEqual(['beginning', 'in', 'the']);
    expect(dropped.statistics.tokens).toBe(60);
  });
});

describe('token preview', () => {
  it('shows the first lines as the tokenizer sees them, with their line numbers', async () => {
    const { previewTokens } = await import('../../../src/engine/corpus/preview-tokens');
    const file = join(folder(), 'kjv.txt');
    writeFileSync(file, ['1:1 In the beginning God created the heaven and the earth.', '', '1:2 And the earth was without form, and void;', 'more', 'lines'].join('\n'));
    const unicode = await previewTokens(file, { lowercase: true, tokenPattern: 'unicode', sentenceBoundary: 'line', dropNumbers: true }, 2);
    expect(unicode).toEqual([
      { line: 1, tokens: ['in', 'the', 'beginning', 'god', 'created', 'the', 'heaven', 'and', 'the', 'earth'], more: 0 },
      { line: 3, tokens: ['and', 'the', 'earth', 'was', 'without', 'form', 'and', 'void'], more: 0 },
    ]);
    const whitespace = await previewTokens(file, { lowercase: false, tokenPattern: 'whitespace', sentenceBoundary: 'none' }, 1, 3);
    expect(whitespace).toEqual([{ line: 1, tokens: ['1:1', 'In', 'the'], more: 8 }]);
  });
});
