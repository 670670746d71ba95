#!/bin/sh
# sinatra-webauthn as its libraries' documentation sets it up
# (tests/targets/sinatra-webauthn): Sinatra's encrypted cookie session,
# rack-protection and rack-attack at their defaults, a permanent lock
# after 5 wrong codes, audited with a profile written from
# docs/PROFILE.md alone. Accounts start with no second factor. Expected
# findings of the defaults: AUTH-LOGOUT (the cookie from before logout
# still decrypts and still signs in) and AUTH-COOKIE-FLAGS (Rack's cookie
# has no SameSite); every other check that applies passes.
. "${0%/*}/../lib.sh"
. "$AA_TESTS/targets/targets.sh"

set -- AUTH-2FA-SKIP=pass AUTH-OTP-EMPTY=pass AUTH-OTP-NOT-BOUND=pass \
	AUTH-TRUSTED-HEADER=pass AUTH-DISABLE-NO-REAUTH=pass \
	AUTH-FACTOR-IDOR=pass AUTH-SESSION-FIXATION=pass AUTH-LOGOUT=fail \
	AUTH-RECOVERY-REUSE=pass AUTH-RECOVERY-WEAK=pass \
	AUTH-PHONE-DISCLOSED=pass AUTH-COOKIE-FLAGS=fail \
	TOTP-REPLAY=pass TOTP-WINDOW=pass TOTP-BRUTEFORCE=pass \
	TOTP-LOCKOUT-BYPASS=pass TOTP-SEED-WEAK=pass \
	TOTP-SEED-REDISCLOSED=pass TOTP-ENROLL-UNVERIFIED=pass \
	TOTP-URI-NONSTANDARD=pass
plan $(($# + 1))
target_graded sinatra-webauthn "$T/run1.tsv"
expect_verdicts "$T/run1.tsv" "(defaults)" "$@"
done_testing
