/*
 * Line numbers of the profile's steps in its file (lines.c), for reports
 * that point at the file users commit (SARIF physical locations).
 */
#ifndef AA_PROFILE_LINES_H
#define AA_PROFILE_LINES_H

#include <stddef.h>

#include <jansson.h>

/*
 * For JSON text that jansson accepted: *out = object of step name -> line
 * (1-based) of its key inside the root's "steps", and "/member" -> line
 * of each member of the root; *steps_line = the line of the "steps" key
 * (0 if none). Names written with escapes are left
 * out. AA_OK, AA_ERR_NOMEM, AA_ERR_PARSE (unterminated string).
 */
int aa_profile_step_lines(const char *text, size_t len, json_t **out,
    long *steps_line);

#endif
