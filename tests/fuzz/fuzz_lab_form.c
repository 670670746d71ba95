/*
 * libFuzzer harness for auth-lab's form-body parser (shape b requests).
 * The lab is not part of libaa, so the parser's one file is compiled in.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "tests/lab/lab_form.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *obj = NULL;
	const char *k;
	json_t *v;

	if (lab_form_parse((const char *)data, size, &obj) == LAB_OK) {
		/* every value is a string no longer than the input */
		json_object_foreach(obj, k, v) {
			if (!json_is_string(v) || json_string_length(v) > size ||
			    strlen(k) > size)
				__builtin_trap();
		}
	} else if (obj != NULL) {
		__builtin_trap();
	}
	json_decref(obj);
	return 0;
}
