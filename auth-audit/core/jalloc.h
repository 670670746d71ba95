/*
 * Jansson allocator that wipes: parsed HTTP bodies, profiles and
 * templates hold passwords and codes in jansson strings, so every block
 * jansson frees is cleansed first.
 */
#ifndef AA_JALLOC_H
#define AA_JALLOC_H

/*
 * Install the wiping allocator (idempotent, thread-safe). Call it first in
 * main(); aa_http_new() and aa_profile_parse() call it too. Safe even after
 * jansson has allocated: the free side does not depend on a size header.
 */
void aa_json_secure_init(void);

#endif
