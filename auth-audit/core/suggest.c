#include <string.h>

#include "auth-audit/core/suggest.h"

#define MAXW 64

/* Levenshtein distance with adjacent transpositions, words <= MAXW. */
static unsigned
distance(const char *a, const char *b)
{
	unsigned d[MAXW + 1][MAXW + 1];
	size_t n = strlen(a), m = strlen(b);

	if (n > MAXW || m > MAXW)
		return MAXW;
	for (size_t i = 0; i <= n; i++)
		d[i][0] = (unsigned)i;
	for (size_t j = 0; j <= m; j++)
		d[0][j] = (unsigned)j;
	for (size_t i = 1; i <= n; i++)
		for (size_t j = 1; j <= m; j++) {
			unsigned c = a[i - 1] == b[j - 1] ? 0 : 1;
			unsigned v = d[i - 1][j] + 1;

			if (d[i][j - 1] + 1 < v)
				v = d[i][j - 1] + 1;
			if (d[i - 1][j - 1] + c < v)
				v = d[i - 1][j - 1] + c;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < v)
				v = d[i - 2][j - 2] + 1;
			d[i][j] = v;
		}
	return d[n][m];
}

const char *
aa_suggest(const char *word, const char *const *cands)
{
	const char *best = NULL;
	unsigned bd = MAXW, limit;

	if (word == NULL || cands == NULL)
		return NULL;
	limit = strlen(word) / 3 > 2 ? (unsigned)(strlen(word) / 3) : 2;
	for (size_t i = 0; cands[i] != NULL; i++) {
		unsigned dd = distance(word, cands[i]);

		if (dd < bd) {
			bd = dd;
			best = cands[i];
		}
	}
	return bd <= limit ? best : NULL;
}
