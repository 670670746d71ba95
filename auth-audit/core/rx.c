/*
 * Profile regexes through PCRE2 (8-bit, byte semantics). The match
 * context carries the limits; it and the compiled code are read-only
 * after compile, so one aa_regex serves several threads (sms-sim). Match
 * data is per thread and kept: PCRE2 keeps its backtracking frames there,
 * and creating them per match was a heap allocation of 20 KiB per call.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "auth-audit/core/err.h"
#include "auth-audit/core/rx.h"

/* Deeper nesting than this is no profile's business. */
#define REGEX_PARENS_MAX 32

struct aa_regex {
	pcre2_code *code;
	pcre2_match_context *mctx;
	uint32_t groups;
};

static void
why_set(char *why, size_t whylen, int code, size_t off)
{
	PCRE2_UCHAR msg[160];

	if (why == NULL || whylen == 0)
		return;
	if (pcre2_get_error_message(code, msg, sizeof(msg)) < 0)
		snprintf((char *)msg, sizeof(msg), "error %d", code);
	snprintf(why, whylen, "%s at offset %zu", (const char *)msg, off);
}

int
aa_regex_compile(struct aa_regex **out, const char *pat, char *why,
    size_t whylen)
{
	struct aa_regex *re = NULL;
	pcre2_compile_context *cctx = NULL;
	PCRE2_SIZE off = 0;
	int ec = 0, r = AA_ERR_NOMEM;

	*out = NULL;
	if (why != NULL && whylen > 0)
		why[0] = '\0';
	if (pat == NULL || strlen(pat) > AA_REGEX_MAX_PATTERN) {
		if (why != NULL)
			snprintf(why, whylen, "pattern longer than %d bytes",
			    AA_REGEX_MAX_PATTERN);
		return AA_ERR_PARSE;
	}
	if ((re = calloc(1, sizeof(*re))) == NULL ||
	    (cctx = pcre2_compile_context_create(NULL)) == NULL ||
	    (re->mctx = pcre2_match_context_create(NULL)) == NULL)
		goto out;
	pcre2_set_parens_nest_limit(cctx, REGEX_PARENS_MAX);
	pcre2_set_match_limit(re->mctx, AA_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, AA_REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, AA_REGEX_HEAP_LIMIT_KIB);
	/* Bytes in, bytes out: a pattern may not switch to UTF mode, which
	 * would make every non-UTF-8 body an error. \C is refused too. */
	re->code = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
	    PCRE2_NEVER_UTF | PCRE2_NEVER_UCP | PCRE2_NEVER_BACKSLASH_C, &ec,
	    &off, cctx);
	if (re->code == NULL) {
		r = ec == PCRE2_ERROR_NOMEMORY ? AA_ERR_NOMEM : AA_ERR_PARSE;
		why_set(why, whylen, ec, (size_t)off);
		goto out;
	}
	if (pcre2_pattern_info(re->code, PCRE2_INFO_CAPTURECOUNT,
	    &re->groups) != 0) {
		r = AA_ERR_INTERNAL;
		goto out;
	}
	*out = re;
	re = NULL;
	r = AA_OK;
out:
	pcre2_compile_context_free(cctx);
	aa_regex_free(&re);
	return r;
}

static pthread_key_t md_key;
static pthread_once_t md_once = PTHREAD_ONCE_INIT;
static int md_key_ok;

static void
md_free(void *md)
{
	pcre2_match_data_free(md);
}

static void
md_init(void)
{
	md_key_ok = pthread_key_create(&md_key, md_free) == 0;
}

/* This thread's match data (two pairs: the match and group 1), freed
 * when the thread ends; NULL on ENOMEM. */
static pcre2_match_data *
thread_md(void)
{
	pcre2_match_data *md;

	pthread_once(&md_once, md_init);
	if (!md_key_ok)
		return NULL;
	if ((md = pthread_getspecific(md_key)) == NULL &&
	    (md = pcre2_match_data_create(2, NULL)) != NULL &&
	    pthread_setspecific(md_key, md) != 0) {
		pcre2_match_data_free(md);
		md = NULL;
	}
	return md;
}

void
aa_regex_free(struct aa_regex **rep)
{
	struct aa_regex *re;

	if (rep == NULL || (re = *rep) == NULL)
		return;
	pcre2_code_free(re->code);
	pcre2_match_context_free(re->mctx);
	free(re);
	*rep = NULL;
}

int
aa_regex_match(const struct aa_regex *re, const char *s, size_t len,
    size_t start, struct aa_regex_span *m)
{
	pcre2_match_data *md = NULL;
	PCRE2_SIZE *ov;
	int rc, r;

	if (re == NULL || (s == NULL && len > 0))
		return AA_ERR_ARG;
	if (s == NULL)
		s = "";
	if (len > AA_REGEX_MAX_SUBJECT)
		len = AA_REGEX_MAX_SUBJECT;
	if (start > len)
		return AA_ERR_NOTFOUND;
	if ((md = thread_md()) == NULL)
		return AA_ERR_NOMEM;
	rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, start, 0, md,
	    re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		r = AA_ERR_NOTFOUND;
	else if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_HEAPLIMIT)
		r = AA_ERR_TOOBIG;
	else if (rc == PCRE2_ERROR_NOMEMORY)
		r = AA_ERR_NOMEM;
	else if (rc < 0)
		r = AA_ERR_INTERNAL;
	else {
		ov = pcre2_get_ovector_pointer(md);
		if (m != NULL) {
			m->so = m->gso = ov[0];
			m->eo = m->geo = ov[1];
			/* Unset when group 1 did not take part. */
			if (re->groups >= 1 && ov[2] != PCRE2_UNSET) {
				m->gso = ov[2];
				m->geo = ov[3];
			}
		}
		r = AA_OK;
	}
	return r;
}

int
aa_regex_first(const struct aa_regex *re, const char *s, size_t len,
    char **out)
{
	struct aa_regex_span m;
	int r;

	*out = NULL;
	if (s == NULL)
		s = "";
	if ((r = aa_regex_match(re, s, len, 0, &m)) != AA_OK)
		return r;
	/* A group may end before it starts (\K in a lookahead). */
	if (m.geo < m.gso)
		m.geo = m.gso;
	if ((*out = malloc(m.geo - m.gso + 1)) == NULL)
		return AA_ERR_NOMEM;
	memcpy(*out, s + m.gso, m.geo - m.gso);
	(*out)[m.geo - m.gso] = '\0';
	return AA_OK;
}
