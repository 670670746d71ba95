/*
 * auth-lab's form-body parser (shape b requests). The lab is not part of
 * libaa, so its one file is compiled in here.
 */
#include <string.h>

#include "tests/lab/lab_form.c"
#include "tests/unit/tap.h"

static json_t *
parse(const char *s, int *rc)
{
	json_t *o = NULL;

	*rc = lab_form_parse(s, strlen(s), &o);
	return o;
}

static const char *
field(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static void
decoding(void)
{
	json_t *o;
	int rc;

	o = parse("login=audit-a&passwd=p%40ss+w%C3%B6rd", &rc);
	is_int(rc, LAB_OK, "simple form parses");
	is_str(field(o, "login"), "audit-a", "plain value");
	is_str(field(o, "passwd"), "p@ss w\xc3\xb6rd", "percent and plus decoded");
	json_decref(o);

	o = parse("otp=&method&&x=1&x=2", &rc);
	is_int(rc, LAB_OK, "empty values and pairs");
	is_str(field(o, "otp"), "", "empty value is the empty string");
	is_str(field(o, "method"), "", "name without '=' is an empty value");
	is_str(field(o, "x"), "2", "a later duplicate wins");
	json_decref(o);

	o = parse("", &rc);
	is_int(rc, LAB_OK, "empty body");
	is_int((long long)json_object_size(o), 0, "  ... gives no fields");
	json_decref(o);
}

static void
refused(void)
{
	json_t *o;
	int rc;

	o = parse("a=%zz", &rc);
	is_int(rc, LAB_ERR_PARSE, "bad escape refused");
	ok(o == NULL, "  ... and no object");
	is_int((parse("a=%4", &rc), rc), LAB_ERR_PARSE,
	    "truncated escape refused");
	is_int((parse("a=%ff%fe", &rc), rc), LAB_ERR_PARSE,
	    "invalid UTF-8 refused");
	is_int((parse("=v", &rc), rc), LAB_ERR_PARSE, "empty name refused");
	is_int((parse("a%00b=v", &rc), rc), LAB_ERR_PARSE,
	    "NUL in a name refused");
}

static void
too_many_fields(void)
{
	char big[LAB_FORM_MAX_FIELDS * 4 + 16];
	size_t n = 0;
	json_t *o;
	int rc;

	for (int i = 0; i <= LAB_FORM_MAX_FIELDS; i++)
		n += (size_t)snprintf(big + n, sizeof big - n, "a=&");
	o = parse(big, &rc);
	is_int(rc, LAB_ERR_TOOBIG,
	    "more than LAB_FORM_MAX_FIELDS fields refused");
	json_decref(o);
}

int
main(void)
{
	decoding();
	refused();
	too_many_fields();
	return tap_done();
}
