/*
 * "Did you mean": the nearest of a list of known words to a typo, for
 * profile members, step names, commands and policy keys.
 */
#ifndef AA_SUGGEST_H
#define AA_SUGGEST_H

/* The candidate (NULL-terminated list) within edit distance 2 of word,
 * or within a third of its length for long words; NULL when none is
 * close. Ties go to the first candidate. */
const char *aa_suggest(const char *word, const char *const *cands);

#endif
