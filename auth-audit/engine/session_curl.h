/* Internal: the session object, shared by session.c and sessreq.c. */
#ifndef AA_SESSION_CURL_H
#define AA_SESSION_CURL_H

#include <curl/curl.h>
#include <jansson.h>

#include "auth-audit/engine/http.h"
#include "auth-audit/profile/profile.h"

struct aa_session {
	struct aa_http *h;            /* borrowed */
	const struct aa_profile *p;   /* borrowed */
	size_t account;
	CURL *curl;                   /* owns the cookie jar */
	json_t *vars;                 /* extracted and set variables */
	json_t *samesite;             /* cookie name -> SameSite seen */
	char errbuf[CURL_ERROR_SIZE];
};

/* Set the options that hold for every request of the session. */
int aa_session_curl_init(struct aa_session *s);

#endif
