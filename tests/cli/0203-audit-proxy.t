#!/bin/sh
# --proxy and --cacert (audit and profile check): requests go through the
# named proxy (never one from the environment), the loopback guard still
# judges the target, and a private CA is trusted only when named.
. "${0%/*}/../lib.sh"

PROXY="$AA_BUILD/tests/tools/proxy"
ID=AUTH-2FA-SKIP

# start_proxy: sets PROXY_PID, PROXY_URL; its log is $T/proxy.log
start_proxy() {
	rm -f "$T/pport"
	: >"$T/proxy.log"
	"$PROXY" "$T/pport" "$T/proxy.log" >/dev/null 2>&1 </dev/null &
	PROXY_PID=$!
	i=0
	while [ ! -s "$T/pport" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	PROXY_URL="http://127.0.0.1:$(cat "$T/pport" 2>/dev/null)"
	[ -s "$T/pport" ]
}

lab_start a "" || skip_all "auth-lab did not start"
start_proxy
ok $? "test proxy started" || { done_testing; }

# ---- through the proxy: every traced request is in the proxy's log
"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" \
	--proxy "$PROXY_URL" --verbose 2>"$T/err"
is $? 0 "--proxy: the audit runs (exit 0)"
is "$(result_status "$T/r.tsv" $ID)" pass "--proxy: $ID passes through the proxy"
grep -q "^POST $LAB_URL/api/login\$" "$T/proxy.log"
ok $? "--proxy: the login went through the proxy"
is "$(wc -l <"$T/proxy.log" | tr -d ' ')" "$(grep -c -- ' -> ' "$T/err")" \
	"--proxy: every request went through it"

# ---- no proxy from the environment
: >"$T/proxy.log"
http_proxy=$PROXY_URL HTTP_PROXY=$PROXY_URL all_proxy=$PROXY_URL \
	"$AUDIT" audit --profile "$LAB_PROFILE" --only $ID --format tsv --out "$T/r.tsv" 2>"$T/err"
is $? 0 "http_proxy in the environment: the audit runs"
is "$(wc -c <"$T/proxy.log" | tr -d ' ')" 0 "http_proxy in the environment is ignored"

# ---- the loopback guard judges the target, not the proxy
sed "s|$LAB_URL|http://192.0.2.1:8080|" "$LAB_PROFILE" >"$T/far.json"
"$AUDIT" audit --profile "$T/far.json" --only $ID --proxy "$PROXY_URL" >/dev/null 2>"$T/err"
is $? 2 "--proxy: a non-loopback target is still refused (exit 2)"
like "$(cat "$T/err")" "*--authorized-target*" "  ... with the usual explanation"
is "$(wc -c <"$T/proxy.log" | tr -d ' ')" 0 "  ... and no request reached the proxy"

# ---- bad proxy URLs: exit 2, a password in one is never echoed
"$AUDIT" audit --profile "$LAB_PROFILE" --proxy 'http://user:hunter2-pw@127.0.0.1:1' >/dev/null 2>"$T/err"
is $? 2 "--proxy with credentials: exit 2"
! grep -q 'hunter2' "$T/err"
ok $? "--proxy with credentials: the password is not echoed"
"$AUDIT" audit --profile "$LAB_PROFILE" --proxy 'ftp://127.0.0.1:1' >/dev/null 2>&1
is $? 2 "--proxy ftp://: exit 2"
"$AUDIT" audit --profile "$LAB_PROFILE" --proxy '127.0.0.1:3128' >/dev/null 2>&1
is $? 2 "--proxy without a scheme: exit 2"

# ---- profile check takes the same --proxy: the baseline goes through it
: >"$T/proxy.log"
"$AUDIT" profile check "$LAB_PROFILE" --only $ID --format json \
	--out "$T/pc.json" --proxy "$PROXY_URL" 2>"$T/err"
is $? 0 "profile check --proxy: the baseline runs (exit 0)"
grep -q "^POST $LAB_URL/api/login\$" "$T/proxy.log"
ok $? "profile check --proxy: the baseline's login went through the proxy"
"$AUDIT" profile check "$LAB_PROFILE" \
	--proxy 'http://user:hunter2-pw@127.0.0.1:1' >/dev/null 2>"$T/err"
is $? 2 "profile check --proxy with credentials: exit 2"
! grep -q 'hunter2' "$T/err"
ok $? "profile check --proxy with credentials: the password is not echoed"
"$AUDIT" profile check "$LAB_PROFILE" --cacert "$T/nope.pem" >/dev/null 2>&1
is $? 2 "profile check --cacert missing file: exit 2"

# ---- --cacert against a TLS server of a private CA (openssl s_server)
if ! command -v openssl >/dev/null 2>&1; then
	skip "openssl(1) is not installed" 7
	kill "$PROXY_PID" 2>/dev/null
	done_testing
fi
"$AUDIT" audit --profile "$LAB_PROFILE" --cacert "$T/nope.pem" >/dev/null 2>"$T/err"
is $? 2 "--cacert missing file: exit 2"
like "$(cat "$T/err")" "*nope.pem: No such file or directory*" "  ... with the errno text"

cd "$T" || exit 1
ec() { openssl "$@" >/dev/null 2>&1; }
ec req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout ca.key \
	-out ca.pem -days 2 -subj /CN=auth-audit-test-ca &&
ec req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout srv.key \
	-out srv.csr -subj /CN=127.0.0.1 &&
printf 'subjectAltName=IP:127.0.0.1\n' >ext &&
ec x509 -req -in srv.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out srv.pem \
	-days 2 -extfile ext
ok $? "a private CA and a server certificate for 127.0.0.1"
openssl s_server -accept 127.0.0.1:0 -cert srv.pem -key srv.key -www \
	>"$T/s.out" 2>"$T/s.err" </dev/null &
TLS_PID=$!
i=0
while ! grep -q '^ACCEPT' "$T/s.out" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
TLS_PORT=$(sed -n 's/^ACCEPT 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$T/s.out")
cat >"$T/tls.json" <<EOP
{"name": "tls", "base_url": "https://127.0.0.1:$TLS_PORT",
 "limits": {"max_requests": 40, "timeout_ms": 3000},
 "accounts": [{"username": "u1", "password": "tls-pass-1"}],
 "steps": {"login": {"method": "POST", "path": "/login",
                     "json": {"u": "\${username}", "p": "\${password}"}}}}
EOP
# The passive discovery checks only GET, which s_server -www answers.
PASSIVE=DISCOVERY-ROPC,DISCOVERY-PASSKEYS
"$AUDIT" audit --profile "$T/tls.json" --only $PASSIVE --format tsv --out "$T/r.tsv" -v 2>"$T/err"
is $? 3 "https with a private CA, no --cacert: the run cannot finish (exit 3)"
"$AUDIT" audit --profile "$T/tls.json" --only $PASSIVE --format tsv --out "$T/r.tsv" -v \
	--cacert "$T/ca.pem" 2>"$T/err"
is $? 0 "--cacert: the private CA is trusted (exit 0)"
grep -q "^auth-audit: GET https://127.0.0.1:$TLS_PORT/ -> 200 " "$T/err"
ok $? "--cacert: the https request was answered"
: >"$T/proxy.log"
"$AUDIT" audit --profile "$T/tls.json" --only $PASSIVE --format tsv --out "$T/r.tsv" \
	--cacert "$T/ca.pem" --proxy "$PROXY_URL" 2>"$T/err"
is $? 0 "--cacert and --proxy: https through a CONNECT tunnel (exit 0)"
grep -q "^CONNECT 127.0.0.1:$TLS_PORT\$" "$T/proxy.log"
ok $? "  ... the proxy saw the CONNECT"
kill "$TLS_PID" 2>/dev/null
kill "$PROXY_PID" 2>/dev/null
wait "$TLS_PID" "$PROXY_PID" 2>/dev/null
done_testing
