/*
 * The audit's transport settings (--proxy, --cacert): which proxy URLs are
 * taken, that values are copied, and that the loopback guard still judges
 * the target whatever the proxy. The requests themselves go through a real
 * proxy in tests/cli/0203-audit-proxy.t.
 */
#include <stdlib.h>
#include <string.h>

#include "auth-audit/core/err.h"
#include "auth-audit/engine/http.h"
#include "tests/unit/tap.h"

static void
proxy_urls(void)
{
	static const char *const good[] = { "http://127.0.0.1:3128",
		"https://proxy.example:443", "socks5h://127.0.0.1:1080",
		"socks4a://h", "SOCKS5://h:1", "http://[::1]:8080/", NULL };
	static const char *const bad[] = { "127.0.0.1:3128", "ftp://h:21",
		"http://user:pw@h:1", "http://user@h:1", "http://", "", "file:///x",
		NULL };

	for (size_t i = 0; good[i] != NULL; i++)
		is_int(aa_http_proxy_check(good[i]), AA_OK, good[i]);
	for (size_t i = 0; bad[i] != NULL; i++)
		is_int(aa_http_proxy_check(bad[i]), AA_ERR_ARG, bad[i]);
	is_int(aa_http_proxy_check(NULL), AA_ERR_ARG, "NULL proxy URL");
}

static void
transport(void)
{
	struct aa_http *h = NULL;
	char proxy[] = "http://127.0.0.1:3128", ca[] = "/tmp/ca.pem";

	if (aa_http_new(NULL, NULL, &h) != AA_OK) {
		ok(0, "aa_http_new");
		return;
	}
	ok(aa_http_proxy(h) == NULL && aa_http_cacert(h) == NULL,
	    "no proxy and no CA file by default");
	is_int(aa_http_set_transport(h, proxy, ca), AA_OK, "set both");
	memset(proxy, 'x', sizeof(proxy) - 1);
	memset(ca, 'x', sizeof(ca) - 1);
	is_str(aa_http_proxy(h), "http://127.0.0.1:3128", "proxy copied");
	is_str(aa_http_cacert(h), "/tmp/ca.pem", "CA file copied");
	is_int(aa_http_set_transport(h, "http://u:p@h:1", NULL), AA_ERR_ARG,
	    "credentials refused");
	is_str(aa_http_proxy(h), "http://127.0.0.1:3128",
	    "a refused proxy leaves the settings as they were");
	is_int(aa_http_url_allowed(h, "http://192.0.2.1/"), AA_ERR_DENIED,
	    "with a proxy, a non-loopback target is still refused");
	is_int(aa_http_url_allowed(h, "http://127.0.0.1:8080/"), AA_OK,
	    "with a proxy, a loopback target is allowed");
	is_int(aa_http_set_transport(h, NULL, NULL), AA_OK, "clear both");
	ok(aa_http_proxy(h) == NULL && aa_http_cacert(h) == NULL, "cleared");
	aa_http_free(&h);
}

int
main(void)
{
	proxy_urls();
	transport();
	return tap_done();
}
