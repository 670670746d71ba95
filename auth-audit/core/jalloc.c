#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>

#include <jansson.h>
#include <openssl/crypto.h>

#include "auth-audit/core/jalloc.h"

/*
 * The size comes from malloc_usable_size() instead of a header in front
 * of the block: a block jansson allocated with plain malloc before this
 * allocator was installed can then still be freed (and wiped) safely.
 */
static void
wipe_free(void *p)
{
	if (p == NULL)
		return;
	OPENSSL_cleanse(p, malloc_usable_size(p));
	free(p);
}

static void
install(void)
{
	json_set_alloc_funcs(malloc, wipe_free);
}

void
aa_json_secure_init(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, install);
}
