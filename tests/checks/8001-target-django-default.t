#!/bin/sh
# django-otp as its documentation sets it up (tests/targets/django-otp),
# audited with a profile written from docs/PROFILE.md alone. Accounts
# start with no second factor: the baseline enrols TOTP and static tokens.
# The library's defaults bring two expected findings, AUTH-SESSION-FIXATION
# (django-otp's login() keeps the session key) and AUTH-RECOVERY-WEAK
# (8 base32 characters: 40 bits); every other check that applies passes.
# A second audit of the same accounts, with whatever the first one left
# behind (throttles, removed factors), gives the same verdicts.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

set -- AUTH-2FA-SKIP=pass AUTH-OTP-EMPTY=pass AUTH-OTP-NOT-BOUND=pass \
	AUTH-TRUSTED-HEADER=pass AUTH-DISABLE-NO-REAUTH=pass \
	AUTH-FACTOR-IDOR=not_applicable AUTH-SESSION-FIXATION=fail \
	AUTH-LOGOUT=pass AUTH-RECOVERY-REUSE=pass AUTH-RECOVERY-WEAK=fail \
	AUTH-COOKIE-FLAGS=pass TOTP-REPLAY=pass TOTP-WINDOW=pass \
	TOTP-BRUTEFORCE=pass TOTP-LOCKOUT-BYPASS=pass TOTP-SEED-WEAK=pass \
	TOTP-SEED-REDISCLOSED=pass TOTP-ENROLL-UNVERIFIED=pass \
	TOTP-URI-NONSTANDARD=pass
plan $(($# + 4))
target_graded django-otp "$T/run1.tsv" --also json="$T/run1.json"
expect_verdicts "$T/run1.tsv" "(defaults)" "$@"
# Where the time went: the waits for fresh TOTP steps are named.
like "$(python3 -c 'import json,sys; t=json.load(open(sys.argv[1]))["timing"]
print(t["round_trips_ms"] > 0, [w["why"] for w in t["waits"]])' \
	"$T/run1.json")" "True *a fresh TOTP time step*" \
	"the report says where the time went (round trips, waits by reason)"
target_audit 'AUTH-*,TOTP-*' "$T/run2.tsv"
is $? 0 "second audit of the same accounts finishes"
is "$(cut -f1,2 "$T/run2.tsv")" "$(cut -f1,2 "$T/run1.tsv")" \
	"the second audit gives the same verdicts" ||
	diff "$T/run1.tsv" "$T/run2.tsv" | cut -c1-200 | sed 's/^/#   /' >&2
done_testing
