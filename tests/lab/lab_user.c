/*
 * The lab's test accounts and their factors. The accounts are fixed (the
 * profiles name them); everything else about them (enabled factors,
 * recovery codes, lock counters) changes as the auditor works.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/lab/lab.h"
#include "tests/lab/lab_int.h"

static const struct {
	long id;
	const char *username, *password, *phone, *email, *display;
} accounts[] = {
	{ 1001, "audit-a", "lab-pass-a", "+15555550101", "audit-a@lab.test", "Audit A" },
	{ 1002, "audit-b", "lab-pass-b", "+15555550102", "audit-b@lab.test", "Audit B" },
	{ 1003, "audit-c", "lab-pass-c", "+15555550103", "audit-c@lab.test", "Audit C" },
};

static const char *const factor_names[LAB_NFACTORS] = {
	[LAB_F_TOTP] = "totp",
	[LAB_F_SMS] = "sms",
	[LAB_F_WEBAUTHN] = "webauthn",
	[LAB_F_RECOVERY] = "recovery_codes",
};

const char *
lab_factor_name(enum lab_factor f)
{
	return (unsigned)f < LAB_NFACTORS ? factor_names[f] : "unknown";
}

int
lab_factor_parse(const char *name)
{
	if (name == NULL)
		return -1;
	for (int f = 0; f < LAB_NFACTORS; f++)
		if (strcmp(factor_names[f], name) == 0)
			return f;
	return -1;
}

int
lab_users_init(struct lab *lab)
{
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		struct lab_user *u = calloc(1, sizeof *u);

		if (u == NULL)
			return LAB_ERR_NOMEM;
		u->idx = i;
		u->id = accounts[i].id;
		u->username = accounts[i].username;
		u->phone = accounts[i].phone;
		u->email = accounts[i].email;
		u->display = accounts[i].display;
		lab->users[lab->nusers++] = u;
		u->password = lab_secret_dup(accounts[i].password);
		if (u->password == NULL)
			return LAB_ERR_NOMEM;
	}
	return LAB_OK;
}

int
lab_users_passwords(struct lab *lab, const char *path)
{
	struct lab_buf b;
	char chunk[4096], *line, *save = NULL, *colon;
	FILE *f = NULL;
	size_t n;
	int r = LAB_ERR_ARG;

	lab_buf_init(&b, 64 * 1024);
	if ((f = fopen(path, "r")) == NULL)
		goto out;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if ((r = lab_buf_append(&b, chunk, n)) != LAB_OK)
			goto out;
	r = LAB_ERR_PARSE;
	if (ferror(f) || b.ptr == NULL)
		goto out;
	for (line = strtok_r(b.ptr, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		size_t i;

		if ((colon = strchr(line, ':')) == NULL)
			goto out;
		*colon = '\0';
		for (i = 0; i < lab->nusers &&
		    strcmp(lab->users[i]->username, line) != 0; i++)
			;
		if (i == lab->nusers)
			goto out;
		lab_secret_free(&lab->users[i]->password);
		if ((lab->users[i]->password = lab_secret_dup(colon + 1)) ==
		    NULL) {
			r = LAB_ERR_NOMEM;
			goto out;
		}
	}
	r = LAB_OK;
out:
	if (f != NULL)
		fclose(f);
	lab_wipe(chunk, sizeof(chunk));
	lab_buf_release(&b);
	return r;
}

void
lab_users_fini(struct lab *lab)
{
	for (size_t i = 0; i < lab->nusers; i++) {
		struct lab_user *u = lab->users[i];

		lab_secret_free(&u->password);
		for (size_t k = 0; k < LAB_RECOVERY_N; k++)
			lab_secret_free(&u->recovery[k]);
		free(u);
		lab->users[i] = NULL;
	}
	lab->nusers = 0;
}

struct lab_user *
lab_user_by_name(struct lab *lab, const char *username)
{
	if (username == NULL)
		return NULL;
	for (size_t i = 0; i < lab->nusers; i++)
		if (strcmp(lab->users[i]->username, username) == 0)
			return lab->users[i];
	return NULL;
}

struct lab_user *
lab_user_by_id(struct lab *lab, long id)
{
	for (size_t i = 0; i < lab->nusers; i++)
		if (lab->users[i]->id == id)
			return lab->users[i];
	return NULL;
}

json_t *
lab_user_ref(const struct lab *lab, const struct lab_user *u)
{
	char buf[32];

	if (lab->shape != 'b')
		return json_integer(u->id);
	snprintf(buf, sizeof buf, "u%ld", u->id);
	return json_string(buf);
}

struct lab_user *
lab_user_by_ref(struct lab *lab, const char *s)
{
	char *end;
	long id;

	if (s == NULL)
		return NULL;
	if (lab->shape == 'b') {
		if (s[0] != 'u')
			return NULL;
		s++;
	}
	if (*s < '0' || *s > '9' || strlen(s) > 9)
		return NULL;
	id = strtol(s, &end, 10);
	if (*end != '\0')
		return NULL;
	return lab_user_by_id(lab, id);
}

int
lab_user_has_factor(const struct lab_user *u, enum lab_factor f)
{
	return (unsigned)f < LAB_NFACTORS && (u->factors & (1u << f)) != 0;
}

void
lab_user_factor_enable(struct lab_user *u, enum lab_factor f)
{
	if ((unsigned)f < LAB_NFACTORS)
		u->factors |= 1u << f;
}

void
lab_user_factor_disable(struct lab *lab, struct lab_user *u, enum lab_factor f)
{
	if ((unsigned)f >= LAB_NFACTORS)
		return;
	u->factors &= ~(1u << f);
	for (size_t i = 0; lab_modules[i] != NULL; i++)
		if (lab_modules[i]->on_factor_disabled != NULL)
			lab_modules[i]->on_factor_disabled(lab, u, f);
}

json_t *
lab_user_factors_json(const struct lab_user *u)
{
	json_t *a = json_array();

	for (int f = 0; a != NULL && f < LAB_NFACTORS; f++)
		if (lab_user_has_factor(u, (enum lab_factor)f))
			json_array_append_new(a, json_string(factor_names[f]));
	return a;
}

int
lab_user_password_ok(const struct lab_user *u, const char *password)
{
	return password != NULL &&
	    lab_ct_streq(u->password, password);
}
