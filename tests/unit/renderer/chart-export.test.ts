import { describe, expect, it } from 'vitest';
import { exportFileName, toCsv } from '../../../src/renderer/src/compare/chart-export';

describe('CSV export', () => {
  it('writes a header and rows separated by CRLF, numbers as they are', () => {
    expect(toCsv(['word', 'rank', 'cosine'], [['king', 12, 0.734], ['queen', 40, -0.5], ['tiny', 3, 1e-7]])).toBe('word,rank,cosine\r\nking,12,0.734\r\nqueen,40,-0.5\r\ntiny,3,1e-7\r\n');
  });

  it('quotes fields holding commas, quotes or line breaks and doubles the quotes', () => {
    expect(toCsv(['a,b', 'say "hi"'], [['line\nbreak', 'carriage\rreturn'], ['plain', '']])).toBe('"a,b","say ""hi"""\r\n"line\nbreak","carriage\rreturn"\r\nplain,\r\n');
  });

  it('leaves other characters alone', () => {
    expect(toCsv(['w'], [['naïve café'], ["it's"], ['  spaced  ']])).toBe("w\r\nnaïve café\r\nit's\r\n  spaced  \r\n");
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });
});

describe('export file names', () => {
  it('turns a chart name into a safe file name', () => {
    expect(exportFileName('A · sgns (W)', 'svg')).toBe('a-sgns-w.svg');
    expect(exportFileName('Café neighbours', 'csv')).toBe('cafe-neighbours.csv');
    expect(exportFileName('···', 'png')).toBe('chart.png');
  });
});
