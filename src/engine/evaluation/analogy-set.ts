import { contentLines, type LineProblem } from './test-set-lines';

// Analogy files: one question "a b c d" per line, read a : b :: c : d (predict d from a, b, c).
// word2vec's questions-words.txt starts each section with a ": name" line; the hyperwords copy of
// the Google set drops those lines but keeps the order, so its sections are known by position.

export interface AnalogyQuestion {
  a: string;
  b: string;
  c: string;
  /** The expected answer. */
  d: string;
  line: number;
  /** Index into AnalogySet.sections. */
  section: number;
}

export interface AnalogySet {
  name: string;
  sections: string[];
  questions: AnalogyQuestion[];
  problems: LineProblem[];
}

export interface ParseAnalogyOptions {
  /**
   * Give a headerless copy of the Google set (19,544 questions starting "athens greece baghdad
   * iraq") its 14 sections by position. Default true.
   */
  recognizeGoogle?: boolean;
}

/** The 14 sections of questions-words.txt (Mikolov et al. 2013) and their sizes, in file order. */
export const googleSections: ReadonlyArray<{ name: string; questions: number }> = [
  { name: 'capital-common-countries', questions: 506 },
  { name: 'capital-world', questions: 4524 },
  { name: 'currency', questions: 866 },
  { name: 'city-in-state', questions: 2467 },
  { name: 'family', questions: 506 },
  { name: 'gram1-adjective-to-adverb', questions: 992 },
  { name: 'gram2-opposite', questions: 812 },
  { name: 'gram3-comparative', questions: 1332 },
  { name: 'gram4-superlative', questions: 1122 },
  { name: 'gram5-present-participle', questions: 1056 },
  { name: 'gram6-nationality-adjective', questions: 1599 },
  { name: 'gram7-past-tense', questions: 1560 },
  { name: 'gram8-plural', questions: 1332 },
  { name: 'gram9-plural-verbs', questions: 870 },
];

const googleQuestionCount = 19544;

function looksLikeHeaderlessGoogle(set: AnalogySet): boolean {
  const first = set.questions[0];
  return (
    set.sections.length === 1 &&
    set.questions.length === googleQuestionCount &&
    set.problems.length === 0 &&
    `${first.a} ${first.b} ${first.c} ${first.d}`.toLowerCase() === 'athens greece baghdad iraq'
  );
}

/**
 * Semantic vs syntactic, by word2vec's naming: sections named "gram…" are syntactic, the others
 * semantic. For the Google set that is exactly "the first 5 sections are semantic". Undefined
 * unless the set has both kinds.
 */
export function sectionGroups(set: AnalogySet): { semantic: number[]; syntactic: number[] } | undefined {
  const used = new Set(set.questions.map((question) => question.section));
  const semantic: number[] = [];
  const syntactic: number[] = [];
  set.sections.forEach((name, index) => {
    if (!used.has(index)) return;
    (name.toLowerCase().startsWith('gram') ? syntactic : semantic).push(index);
  });
  return semantic.length > 0 && syntactic.length > 0 ? { semantic, syntactic } : undefined;
}

export function parseAnalogySet(text: string, name: string, options: ParseAnalogyOptions = {}): AnalogySet {
  const set: AnalogySet = { name, sections: [], questions: [], problems: [] };
  let section = -1;
  for (const { line, text: content } of contentLines(text)) {
    if (content.startsWith(':')) {
      const sectionName = content.slice(1).trim();
      if (sectionName === '') {
        set.problems.push({ line, text: content, reason: 'a section line needs a name after ":"' });
        continue;
      }
      set.sections.push(sectionName);
      section = set.sections.length - 1;
      continue;
    }
    const fields = content.split(/[ \t]+/);
    if (fields.length !== 4) {
      set.problems.push({ line, text: content, reason: `expected "a b c d" (4 words), found ${fields.length}` });
      continue;
    }
    if (section < 0) {
      set.sections.push(name);
      section = 0;
    }
    set.questions.push({ a: fields[0], b: fields[1], c: fields[2], d: fields[3], line, section });
  }
  if ((options.recognizeGoogle ?? true) && looksLikeHeaderlessGoogle(set)) {
    set.sections = googleSections.map((entry) => entry.name);
    let index = 0;
    googleSections.forEach((entry, sectionIndex) => {
      for (let count = 0; count < entry.questions; count++) set.questions[index++].section = sectionIndex;
    });
  }
  return set;
}
