#!/bin/sh
# auth-lab's AUTH weakness switches behave as tests/lab/README.md says,
# checked with plain HTTP (independent of the auditor), hardened vs weak.
. "${0%/*}/../lib.sh"

command -v curl >/dev/null 2>&1 || skip_all "curl(1) not installed"

# req JAR METHOD PATH [curl args]: body to stdout, status in $T/status,
# response headers in $T/hdr
req() {
	_j=$1
	_m=$2
	_path=$3
	shift 3
	curl -s -o "$T/body" -D "$T/hdr" -w '%{http_code}' -b "$T/$_j" \
		-c "$T/$_j" -X "$_m" "$@" "$LAB_URL$_path" >"$T/status"
	cat "$T/body"
}
st() { cat "$T/status"; }
sid() { awk '$6 == "sid" { print $7 }' "$T/$1"; }
first_code() { sed 's/.*"codes":\["\([^"]*\)".*/\1/'; }

# login_full JAR USER PASS: ENROLL -> codes -> verify; leaves codes in $T/codes.JAR
login_full() {
	rm -f "$T/$1"
	req "$1" POST /api/login -d "{\"username\":\"$2\",\"password\":\"$3\"}" >/dev/null
	req "$1" POST /api/recovery-codes >"$T/codes.$1"
	req "$1" POST /api/2fa/recovery -d "{\"code\":\"$(first_code <"$T/codes.$1")\"}" >/dev/null
}
# nth_code JAR N
nth_code() {
	tr ',' '\n' <"$T/codes.$1" | tr -d '[]"{}' | sed 's/^codes://' |
		grep -E '^[A-Z0-9-]+$' | sed -n "${2}p"
}

# --- hardened --------------------------------------------------------------
lab_start a ""
login_full A audit-a lab-pass-a
is "$(st)" 200 "hardened: enroll + recovery code completes login"
like "$(grep -i '^set-cookie' "$T/hdr")" "*HttpOnly; SameSite=Lax*" "hardened: cookie flags"
old=$(sid A)
req A GET /api/me >/dev/null
is "$(st)" 200 "hardened: protected after 2FA"
req A POST /api/logout >/dev/null
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\t%s\n' "$old" >"$T/B"
req B GET /api/me >/dev/null
is "$(st)" 401 "hardened: old session id dead after logout"

rm -f "$T/C"
req C POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
pending=$(sid C)
req C GET /api/me -H 'X-Forwarded-For: 127.0.0.1' >/dev/null
is "$(st)" 401 "hardened: X-Forwarded-For 127.0.0.1 does not skip 2FA"
req C POST /api/recovery-codes >/dev/null
is "$(st)" 401 "hardened: no new recovery codes in a PENDING session"
for v in '""' null 123456 '["x"]' '{}'; do
	req C POST /api/2fa/recovery -d "{\"code\":$v}" >/dev/null
	is "$(st)" 400 "hardened: code $v refused as malformed"
done
req C POST /api/2fa/recovery -d "{\"code\":\"$(nth_code A 2)\"}" >/dev/null
is "$(st)" 200 "hardened: second recovery code works"
isnt "$(sid C)" "$pending" "hardened: session id renewed after 2FA"
req C POST /api/2fa/recovery -d "{\"code\":\"$(nth_code A 2)\"}" >/dev/null
is "$(st)" 401 "hardened: used code refused (re-verify in FULL session)"
req C GET /api/users/1002/factors >/dev/null
is "$(st)" 403 "hardened: other account's factor list refused"
req C POST /api/users/1001/factors/disable -d '{"factor":"recovery_codes"}' >/dev/null
is "$(st)" 403 "hardened: factor_disable without password refused"

# lockout after 5 consecutive wrong codes (a right one resets the count),
# then even a right one is refused, in any session
rm -f "$T/D"
req D POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
req D POST /api/2fa/recovery -d "{\"code\":\"$(nth_code A 3)\"}" >/dev/null
is "$(st)" 200 "hardened: a right code resets the failure count"
for i in 1 2 3 4 5; do
	req D POST /api/2fa/recovery -d '{"code":"AAAA-AAAA-AAAA-AAAA"}' >/dev/null
done
is "$(st)" 401 "hardened: 5th wrong code still 'invalid_code'"
rm -f "$T/D"
req D POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
req D POST /api/2fa/recovery -d "{\"code\":\"$(nth_code A 4)\"}" >/dev/null
is "$(st)" 429 "hardened: locked after 5 wrong codes, right code refused"
lab_stop

# --- weak ------------------------------------------------------------------
lab_start a "AUTH-LOGOUT,AUTH-SESSION-FIXATION,AUTH-COOKIE-FLAGS,AUTH-RECOVERY-WEAK,AUTH-RECOVERY-REUSE"
rm -f "$T/A"
req A POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
cp "$T/hdr" "$T/hdr.login"
like "$(grep -i '^set-cookie' "$T/hdr.login")" "*sid=*" "login sets the cookie"
before=$(sid A)
req A POST /api/recovery-codes >"$T/codes.A"
like "$(nth_code A 1)" "[0-9][0-9][0-9][0-9][0-9][0-9]" "AUTH-RECOVERY-WEAK: 6-digit codes"
req A POST /api/2fa/recovery -d "{\"code\":\"$(nth_code A 1)\"}" >/dev/null
is "$(sid A)" "$before" "AUTH-SESSION-FIXATION: id kept after 2FA"
grep -qi 'httponly' "$T/hdr.login"
isnt "$?" 0 "AUTH-COOKIE-FLAGS: no HttpOnly"
req A POST /api/logout >/dev/null
printf '127.0.0.1\tFALSE\t/\tFALSE\t0\tsid\t%s\n' "$before" >"$T/B"
req B GET /api/me >/dev/null
is "$(st)" 200 "AUTH-LOGOUT: session still valid after logout"
rm -f "$T/C"
req C POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
for i in 1 2 3 4 5 6 7; do
	req C POST /api/2fa/recovery -d '{"code":"000000"}' >/dev/null
done
req C POST /api/2fa/recovery -d "{\"code\":\"$(nth_code A 1)\"}" >/dev/null
is "$(st)" 200 "AUTH-RECOVERY-WEAK + REUSE: no lock, used code accepted again"
lab_stop

lab_start b "AUTH-OTP-EMPTY,AUTH-TRUSTED-HEADER,AUTH-FACTOR-IDOR,AUTH-DISABLE-NO-REAUTH"
rm -f "$T/A"
req A POST /account/signin -d 'login=audit-a&passwd=lab-pass-a' >/dev/null
req A POST /account/backup-codes >/dev/null
b=$(req A POST /account/2fa/backup -d 'otp=')
like "$b" '*"status":"success"*' "AUTH-OTP-EMPTY (shape b): empty otp accepted"
rm -f "$T/E"
req E POST /account/signin -d 'login=audit-b&passwd=lab-pass-b' -H 'X-Real-IP: 127.0.0.1' >/dev/null
req E GET /account/profile >/dev/null
is "$(st)" 200 "AUTH-TRUSTED-HEADER (shape b): X-Real-IP at login gives a full session"
req A GET /account/u1002/methods >/dev/null
is "$(st)" 200 "AUTH-FACTOR-IDOR (shape b): other account's methods listed"
req E POST /account/backup-codes >/dev/null
req A POST /account/u1002/methods/remove -d 'method=recovery_codes' >/dev/null
is "$(st)" 200 "AUTH-FACTOR-IDOR + DISABLE-NO-REAUTH: other account's factor removed without password"
lab_stop

lab_start a "AUTH-OTP-NOT-BOUND"
login_full A audit-a lab-pass-a
login_full B audit-b lab-pass-b
rm -f "$T/C"
req C POST /api/login -d '{"username":"audit-a","password":"lab-pass-a"}' >/dev/null
req C POST /api/2fa/recovery -d "{\"code\":\"$(nth_code B 2)\"}" >/dev/null
is "$(st)" 200 "AUTH-OTP-NOT-BOUND: B's code completes A's login"
lab_stop

done_testing
