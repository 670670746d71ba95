#!/bin/sh
# A key nobody touches (--device soft-notouch: the software key answers
# KEEPALIVE(UPNEEDED), then USER_ACTION_TIMEOUT). The audit does not hang
# or error out: the checks that need a touch are not_tested naming the
# touch timeout, only the first touch is waited for, the checks that read
# options only still pass on a hardened lab, and the exit status is 0 or 1
# (or 4, Incomplete: most checks could not run).
. "${0%/*}/../lib.sh"
. "${0%/*}/fido.sh"

FIDO_IDS=FIDO-NOT-OFFERED,FIDO-REGISTER-UNAUTH,FIDO-ORIGIN,FIDO-RPID,FIDO-TYPE,FIDO-CHALLENGE,FIDO-REPLAY,FIDO-SIGNATURE,FIDO-UP,FIDO-UV,FIDO-COUNTER,FIDO-CRED-NOT-BOUND,FIDO-CRED-UNKNOWN,FIDO-CRED-SUBSTITUTION,FIDO-ATTESTATION,FIDO-ALG,FIDO-CHALLENGE-WEAK,FIDO-USER-HANDLE-PII,FIDO-ENUMERATION
# the checks that need the key to sign something (FIDO-REGISTER-UNAUTH
# needs it only when the service hands out options without a session)
K_IDS="FIDO-ORIGIN FIDO-RPID FIDO-TYPE FIDO-CHALLENGE FIDO-REPLAY FIDO-SIGNATURE FIDO-UP FIDO-UV FIDO-COUNTER FIDO-CRED-NOT-BOUND FIDO-CRED-UNKNOWN FIDO-CRED-SUBSTITUTION FIDO-ATTESTATION FIDO-ALG"
OPTION_IDS="FIDO-REGISTER-UNAUTH FIDO-NOT-OFFERED FIDO-CHALLENGE-WEAK FIDO-USER-HANDLE-PII FIDO-ENUMERATION"

run_ok "fido info --device soft-notouch" "$AUDIT" fido info --device soft-notouch
like "$(cat "$T/out")" "*versions*FIDO_2_1*" "  ... answers getInfo (no touch needed)"

for shape in a b; do
	lab_start "$shape" "" || { ok 1 "lab (shape $shape) starts"; continue; }
	start=$(date +%s)
	audit_tsv "$LAB_PROFILE" "$FIDO_IDS" --device soft-notouch >"$T/nt.tsv"
	rc=$?
	took=$(($(date +%s) - start))
	[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || [ "$rc" -eq 4 ]
	ok $? "shape $shape: exit status $rc is 0, 1 or 4 (not an error)" ||
		sed 's/^/#   /' "$T/audit.err" | head -10
	# a hang guard only: the soft key gives up after a fraction of a second
	[ "$took" -lt 60 ]
	ok $? "  ... and the audit finishes (${took} s)"
	for id in $K_IDS; do
		line=$(awk -F '\t' -v id="$id" '$1 == id' "$T/nt.tsv")
		is "$(result_status "$T/nt.tsv" "$id")" not_tested "  ... $id: not_tested" ||
			diag "$line"
		like "$line" "*no touch within 1 s*" "  ... $id: says no touch came in time"
	done
	# one touch was waited for; the rest were not asked for again
	is "$(grep -c 'key timed out waiting for a touch' "$T/nt.tsv")" 1 \
		"  ... one check names the key's timeout" || sed 's/^/#   /' "$T/nt.tsv"
	is "$(grep -c 'earlier in this run' "$T/nt.tsv")" 13 \
		"  ... the other key checks were not tried again"
	for id in $OPTION_IDS; do
		is "$(result_status "$T/nt.tsv" "$id")" pass "  ... $id: still passes (no key needed)" ||
			grep "^$id" "$T/nt.tsv" | sed 's/^/#   /'
	done
	is "$(awk -F '\t' '$2 == "pass" || $2 == "fail" || $2 == "not_tested"' "$T/nt.tsv" | wc -l | tr -d ' ')" \
		19 "  ... every FIDO check has a result"
	is "$(awk -F '\t' '$2 == "error"' "$T/nt.tsv")" "" "  ... none is an error"
done
lab_stop

# a CTAP1/U2F key nobody touches: libfido2 polls it until the device
# timeout (1 s for the software key) and reports FIDO_ERR_RX, which the
# audit tells from an unplugged key by the time it took
lab_start a ""
audit_tsv "$LAB_PROFILE" FIDO-ORIGIN,FIDO-SIGNATURE,FIDO-CHALLENGE-WEAK \
	--device soft-u2f-notouch >"$T/u2f.tsv"
rc=$?
[ "$rc" -eq 0 ] || [ "$rc" -eq 1 ] || [ "$rc" -eq 4 ]
ok $? "U2F key, no touch: exit status $rc is 0, 1 or 4"
is "$(result_status "$T/u2f.tsv" FIDO-ORIGIN)" not_tested "  ... FIDO-ORIGIN: not_tested"
like "$(grep FIDO-ORIGIN "$T/u2f.tsv")" "*no touch within 1 s*" "  ... saying no touch came in time"
like "$(cat "$T/u2f.tsv")" "*no touch within 1 s: stopped waiting for the key (FIDO_ERR_RX)*" \
	"  ... libfido2's timeout recognised as a touch timeout" || sed 's/^/#   /' "$T/u2f.tsv"
is "$(result_status "$T/u2f.tsv" FIDO-CHALLENGE-WEAK)" pass "  ... FIDO-CHALLENGE-WEAK: passes"

# a key that is touched works again with the same lab and profile
lab_start a ""
is "$(fido_status FIDO-ORIGIN)" pass "the same lab with a touched key: FIDO-ORIGIN passes"
lab_stop
done_testing
