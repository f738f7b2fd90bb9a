import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../../src/engine/evaluation';

describe('parseExpression', () => {
  it.each([
    ['king', [['king', 1]]],
    ['king - man + woman', [['king', 1], ['man', -1], ['woman', 1]]],
    ['king-man+woman', [['king', 1], ['man', -1], ['woman', 1]]],
    ['  paris −france +  italy ', [['paris', 1], ['france', -1], ['italy', 1]]],
    ['-king + queen', [['king', -1], ['queen', 1]]],
    ['+a', [['a', 1]]],
    ['a-b', [['a', 1], ['b', -1]]],
    ['café - ünïcode', [['café', 1], ['ünïcode', -1]]],
  ])('parses %j', (text, expected) => {
    expect(parseExpression(text).map((term) => [term.word, term.sign])).toEqual(expected);
  });

  it('keeps a hyphenated word whole when it is a known word', () => {
    const known = new Set(['well-known', 'x-ray']);
    const isWord = (word: string) => known.has(word);
    expect(parseExpression('well-known', isWord)).toEqual([{ word: 'well-known', sign: 1 }]);
    expect(parseExpression('well-known-fact', isWord).map((term) => [term.word, term.sign])).toEqual([
      ['well-known', 1],
      ['fact', -1],
    ]);
    expect(parseExpression('x-ray+light-dark', isWord).map((term) => [term.word, term.sign])).toEqual([
      ['x-ray', 1],
      ['light', 1],
      ['dark', -1],
    ]);
  });

  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['king +', /ends with an operator/],
    ['king -', /ends with an operator/],
    ['king + - man', /Two operators in a row at column 8/],
    ['king--man', /Two operators in a row/],
    ['king queen', /Expected \+ or − before "queen" at column 6/],
    ['+', /ends with an operator/],
  ])('rejects %j', (text, message) => {
    expect(() => parseExpression(text)).toThrow(message);
    try {
      parseExpression(text);
    } catch (error) {
      expect(error).toMatchObject({ code: 'invalid-input', where: { field: 'query' } });
    }
  });

  it('is a parser, not eval', () => {
    expect(parseExpression('process.exit(1)')).toEqual([{ word: 'process.exit(1)', sign: 1 }]);
  });
});
