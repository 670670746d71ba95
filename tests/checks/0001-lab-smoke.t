#!/bin/sh
# auth-lab itself: starts on both shapes, login and the 2FA gate work, the
# command line refuses what it must, SIGTERM stops it.
. "${0%/*}/../lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl(1) not installed"

# req METHOD PATH [curl args]: body to stdout, status to $T/status; cookie jar $T/jar
req() {
	_m=$1
	_path=$2
	shift 2
	curl -s -o "$T/body" -w '%{http_code}' -b "$T/jar" -c "$T/jar" \
		-X "$_m" "$@" "$LAB_URL$_path" >"$T/status"
	cat "$T/body"
}

# --- command line ------------------------------------------------------------
run_fails "unknown --weak ID is refused" "$LAB" --listen 127.0.0.1:0 --weak NOPE-1
like "$(cat "$T/err")" "*unknown check ID*NOPE-1*" "  ... naming the ID"
"$LAB" --listen 127.0.0.1:0 --weak NOPE-1 >/dev/null 2>&1
is "$?" 2 "  ... with exit status 2"
run_fails "non-loopback --listen is refused" "$LAB" --listen 0.0.0.0:0
like "$(cat "$T/err")" "*not a loopback*" "  ... saying why"
run_fails "public address refused" "$LAB" --listen 192.0.2.1:8080
run_fails "non-loopback --sms-api refused" "$LAB" --listen 127.0.0.1:0 \
	--sms-api http://192.0.2.1:8099
run_fails "bad shape refused" "$LAB" --listen 127.0.0.1:0 --shape c
run_ok "--help" "$LAB" --help
like "$(cat "$T/out")" "usage: auth-lab --listen HOST:PORT*" "  ... prints the synopsis"

# --- shape a -----------------------------------------------------------------
lab_start a "" 
ok $? "shape a starts on a free port ($LAB_PORT)"
like "$(cat "$LAB_PROFILE")" "*\"$LAB_URL\"*" "profile copy carries the real port"
rm -f "$T/jar"
b=$(req POST /api/login -H 'Content-Type: application/json' \
	-d '{"username":"audit-a","password":"wrong"}')
is "$(cat "$T/status")" 401 "wrong password: 401"
b=$(req POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}')
is "$(cat "$T/status")" 200 "login: 200"
like "$b" '*"mfa_enrollment_required":true*' "fresh account must enroll a factor"
grep -q 'sid.*	' "$T/jar"
ok $? "session cookie 'sid' set"
req GET /api/me >/dev/null
is "$(cat "$T/status")" 401 "protected resource refused before 2FA"
codes=$(req POST /api/recovery-codes)
is "$(cat "$T/status")" 200 "recovery codes issued to the enrolling session"
code=$(printf '%s' "$codes" | sed 's/.*"codes":\["\([^"]*\)".*/\1/')
like "$code" "????-????-????-????" "codes are 4 groups of 4"
req POST /api/2fa/recovery -d '{"code":""}' >/dev/null
is "$(cat "$T/status")" 400 "empty code refused"
req POST /api/2fa/recovery -d "{\"code\":\"$code\"}" >/dev/null
is "$(cat "$T/status")" 200 "recovery code completes the login"
b=$(req GET /api/me)
like "$b" '*"username":"audit-a"*' "protected resource after 2FA"
req POST /api/logout >/dev/null
req GET /api/me >/dev/null
is "$(cat "$T/status")" 401 "logged out"
b=$(req POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}')
like "$b" '*"mfa_required":true*"factors":\["recovery_codes"\]*' "second login needs the enrolled factor"
like "$b" '*"phone":"+1*0101"*' "phone shown masked"
case $b in *+15555550101*) ok 1 "full phone not disclosed" ;; *) ok 0 "full phone not disclosed" ;; esac
req POST /api/2fa/recovery -d "{\"code\":\"$code\"}" >/dev/null
is "$(cat "$T/status")" 401 "a used recovery code is refused"
req GET /api/nowhere >/dev/null
is "$(cat "$T/status")" 404 "unknown path: 404"
req GET /api/login >/dev/null
is "$(cat "$T/status")" 405 "wrong method: 405"
req POST /api/login -d '[1,2]' >/dev/null
is "$(cat "$T/status")" 400 "non-object JSON body: 400"
head -c 1100000 /dev/zero | tr '\0' 'a' >"$T/big"
req POST /api/login --data-binary @"$T/big" >/dev/null
is "$(cat "$T/status")" 413 "body over 1 MiB: 413"

# SIGTERM ends it cleanly
kill -TERM "$LAB_PID"
wait "$LAB_PID"
is "$?" 0 "SIGTERM stops the lab with status 0"
LAB_PID=

# --- shape b -----------------------------------------------------------------
lab_start b "AUTH-PHONE-DISCLOSED"
ok $? "shape b starts ($LAB_PORT)"
rm -f "$T/jar"
b=$(req POST /account/signin -d 'login=audit-b&passwd=nope')
is "$(cat "$T/status")" 200 "shape b: wrong password is HTTP 200 ..."
like "$b" '*"status":"denied"*' "  ... with status denied"
b=$(req POST /account/signin -d 'login=audit-b&passwd=lab-pass-b')
like "$b" '*"status":"success"*"uid":"u1002"*' "shape b login: uid u1002"
like "$b" '*+15555550102*' "AUTH-PHONE-DISCLOSED weak: full phone before 2FA"
grep -q 'SESSION_ID' "$T/jar"
ok $? "session cookie 'SESSION_ID' set"
req GET /account/profile >/dev/null
is "$(cat "$T/status")" 403 "shape b: protected refused before 2FA (403)"
req GET /account/u1001/methods >/dev/null
is "$(cat "$T/status")" 403 "shape b: other account's factors refused"
lab_stop

done_testing
