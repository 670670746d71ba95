#!/bin/sh
# Live discovery against the lab's well-known endpoints, both shapes:
# DISCOVERY-ROPC and DISCOVERY-PASSKEYS through `auth-audit factors URL` and
# through an audit; the soft-404 guard; redirects to the same and to other
# hosts.
. "${0%/*}/../lib.sh"

# fst ID: status of ID from `auth-audit factors $LAB_URL` (output in $T/out)
fst() {
	"$AUDIT" factors "$LAB_URL/" --fail-on none >"$T/out" 2>"$T/err"
	awk -v id="$1" '$2 == id { print $1; exit }' "$T/out"
}
line() { grep "$1" "$T/out"; }

for shape in a b; do
	# hardened
	lab_start "$shape" "" || { ok 1 "lab $shape starts"; continue; }
	is "$(fst DISCOVERY-ROPC)" pass "shape $shape hardened: DISCOVERY-ROPC passes"
	is "$(fst DISCOVERY-PASSKEYS)" pass "shape $shape hardened: DISCOVERY-PASSKEYS recorded"
	like "$(line DISCOVERY-PASSKEYS)" "*passkey-endpoints: yes*" \
		"  ... passkey-endpoints found"
	like "$(line DISCOVERY-PASSKEYS)" "*security.txt: valid; change-password: yes*" \
		"  ... security.txt and change-password found"
	like "$(line 'passkey ')" "*yes*probe /.well-known/passkey-endpoints*" \
		"  ... passkey factor sourced from the probe"
	expect_status DISCOVERY-ROPC pass "shape $shape hardened: audit DISCOVERY-ROPC passes"
	expect_status DISCOVERY-PASSKEYS pass "shape $shape hardened: audit DISCOVERY-PASSKEYS recorded"

	# weak
	lab_start "$shape" "DISCOVERY-ROPC,DISCOVERY-PASSKEYS" ||
		{ ok 1 "weak lab $shape starts"; continue; }
	is "$(fst DISCOVERY-ROPC)" fail "shape $shape weak: DISCOVERY-ROPC fails"
	like "$(line DISCOVERY-ROPC)" '*"password" grant*' "  ... naming the password grant"
	is "$(fst DISCOVERY-PASSKEYS)" pass "shape $shape weak: DISCOVERY-PASSKEYS (info) never fails"
	like "$(line DISCOVERY-PASSKEYS)" "*passkey-endpoints: no*apple 0, android 0*" \
		"  ... but records that nothing is published"
	expect_status DISCOVERY-ROPC fail "shape $shape weak: audit DISCOVERY-ROPC fails"

	# soft 404: every unknown well-known path answers 200
	export AUTH_LAB_WELLKNOWN=soft404
	lab_start "$shape" "DISCOVERY-PASSKEYS" || { ok 1 "soft404 lab starts"; continue; }
	unset AUTH_LAB_WELLKNOWN
	fst DISCOVERY-PASSKEYS >/dev/null
	like "$(line DISCOVERY-PASSKEYS)" "*passkey-endpoints: no*soft-404*" \
		"shape $shape soft 404: catch-all page not taken for passkey-endpoints"
	"$AUDIT" factors "$LAB_URL" --format json --fail-on none >"$T/j" 2>/dev/null
	like "$(cat "$T/j")" '*"guard": "nonexistent path answered 200*' \
		"  ... the guard is explained in the evidence"
	like "$(cat "$T/j")" '*"guard": "same answer as a nonexistent path*' \
		"  ... and each discounted answer too"

	# redirect to another host: not followed, explained
	export AUTH_LAB_WELLKNOWN=offhost
	lab_start "$shape" "DISCOVERY-ROPC" || { ok 1 "offhost lab starts"; continue; }
	unset AUTH_LAB_WELLKNOWN
	is "$(fst DISCOVERY-ROPC)" not_tested "shape $shape metadata on another host: not_tested"
	like "$(line DISCOVERY-ROPC)" "*idp.example.invalid*not followed*" \
		"  ... naming the host, not following"

	# redirect within the host: followed
	export AUTH_LAB_WELLKNOWN=samehost
	lab_start "$shape" "DISCOVERY-ROPC" || { ok 1 "samehost lab starts"; continue; }
	unset AUTH_LAB_WELLKNOWN
	is "$(fst DISCOVERY-ROPC)" fail "shape $shape same-host redirect followed: ROPC found"
	lab_stop
done

# directory data and live probes together: the name is mapped to the lab
# (no DNS); the probe's passkey outranks the directory's "not listed"
printf '{"shop.example": {"methods": ["sms"]}}' >"$T/all.json"
printf '{"other.example": {"mfa": "allowed"}}' >"$T/pk.json"
lab_start a "" || ok 1 "lab starts"
"$AUDIT" factors "http://login.shop.example:$LAB_PORT/" \
	--resolve "login.shop.example:$LAB_PORT:127.0.0.1" --directory "$T/all.json" \
	--passkeys "$T/pk.json" --fail-on none >"$T/out" 2>"$T/err"
like "$(grep '^passkey' "$T/out")" "*yes*passkeys directory (not listed) (outranked); probe /.well-known/passkey-endpoints*" \
	"live probe outranks the directory, which is kept as an outranked source"
like "$(grep '^SMS' "$T/out")" "*yes*2fa.directory shop.example*" "directory facts merged"
is "$(awk '$2 == "FACTOR-PHONE-ONLY" { print $1 }' "$T/out")" pass \
	"sms-only listing, but a probed passkey: FACTOR-PHONE-ONLY passes"
like "$(cat "$T/out")" "*Data sourced from 2FA Directory*" "attribution printed"
lab_stop

# a target that does not answer at all
is "$("$AUDIT" factors http://127.0.0.1:9/ --timeout 2000 --fail-on none 2>/dev/null |
	awk '$2 == "DISCOVERY-ROPC" { print $1 }')" not_tested "unreachable target: not_tested"
done_testing
