#!/bin/sh
# express-simplewebauthn as its libraries' documentation sets it up
# (tests/targets/express-simplewebauthn): bearer tokens replaced at 2FA,
# express-rate-limit and a 5-code lock answering 429 with Retry-After,
# audited with a profile written from docs/PROFILE.md alone. Accounts
# start with no second factor. otplib's default secret (10 bytes) is the
# expected finding TOTP-SEED-WEAK; every other check that applies passes.
# AUTH-COOKIE-FLAGS does not apply: no cookie carries the session.
# (No second audit here: express-rate-limit allows 100 logins per 15
# minutes and a full audit spends most of them; django-otp's test does
# the re-run.)
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

set -- AUTH-2FA-SKIP=pass AUTH-OTP-EMPTY=pass AUTH-OTP-NOT-BOUND=pass \
	AUTH-TRUSTED-HEADER=pass AUTH-DISABLE-NO-REAUTH=pass \
	AUTH-SESSION-FIXATION=pass AUTH-LOGOUT=pass AUTH-RECOVERY-REUSE=pass \
	AUTH-RECOVERY-WEAK=pass AUTH-COOKIE-FLAGS=not_applicable \
	TOTP-REPLAY=pass TOTP-WINDOW=pass TOTP-BRUTEFORCE=pass \
	TOTP-LOCKOUT-BYPASS=pass TOTP-SEED-WEAK=fail \
	TOTP-SEED-REDISCLOSED=pass TOTP-ENROLL-UNVERIFIED=pass \
	TOTP-URI-NONSTANDARD=pass
plan $(($# + 1))
target_graded express-simplewebauthn "$T/run1.tsv"
expect_verdicts "$T/run1.tsv" "(defaults)" "$@"
done_testing
