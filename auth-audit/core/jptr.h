/*
 * JSON pointers (RFC 6901) over jansson values: the syntax profiles use
 * for ok.json rules and "json:" extractors, and the escaping of member
 * names in diagnostics ("/steps/a~1b").
 */
#ifndef AA_JPTR_H
#define AA_JPTR_H

#include <stddef.h>

#include <jansson.h>

/* RFC 6901 syntax: "" or "/" segments, "~" only as "~0" / "~1". */
int aa_json_pointer_valid(const char *ptr);
/* Value at ptr (borrowed) or NULL. */
const json_t *aa_json_pointer_get(const json_t *root, const char *ptr);
/* RFC 6901-escape a member name ("~" -> "~0", "/" -> "~1") into out. */
void aa_json_pointer_escape(const char *key, char *out, size_t outlen);

#endif
