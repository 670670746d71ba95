#!/bin/sh
# The whole battery against the lab, with sms-sim and the software key:
# the hardened lab grades Passing with zero failed and zero errored checks
# on both shapes, and no report format or log carries a password.
. "${0%/*}/../lib.sh"

formats="text json sarif md html tsv"
# The one run of the whole battery at the real-world TOTP period (the
# other tests use 5 s); TOTP-URI-NONSTANDARD also wants no period=.
LAB_TOTP_PERIOD=30

# full_audit NAME: audit the running lab in every format into $T/NAME.*
full_audit() {
	_also=
	for f in $formats; do
		[ "$f" = json ] || _also="$_also --also $f=$T/$1.$f"
	done
	# shellcheck disable=SC2086
	"$AUDIT" audit --profile "$LAB_PROFILE" --device soft --format json \
		--out "$T/$1.json" $_also 2>"$T/$1.err"
}

no_passwords() { # NAME
	! grep -l -e 'lab-pass-a' -e 'lab-pass-b' -e 'lab-pass-c' \
		"$T/$1".* "$T/lab.out" "$T/lab.err" "$T/sms.out" "$T/sms.err" 2>/dev/null
}

for shape in a b; do
	if ! sms_lab_start "$shape" ""; then
		ok 1 "shape $shape: sms-sim and the lab start"
		continue
	fi
	full_audit "hard-$shape"
	is $? 0 "shape $shape: hardened lab, exit 0 (nothing at or above low failed)"
	grep -q '"grade": *"Passing"' "$T/hard-$shape.json"
	ok $? "shape $shape: hardened lab grades Passing"
	fails=$(awk -F '\t' '$2 == "fail" || $2 == "error" { print $1 "=" $2 }' "$T/hard-$shape.tsv")
	is "$fails" "" "shape $shape: hardened lab, no failed or errored check"
	n=$(wc -l <"$T/hard-$shape.tsv")
	[ "$n" -ge 50 ]
	ok $? "shape $shape: every live check reported ($n results)"
	no_passwords "hard-$shape"
	ok $? "shape $shape: no password in any format or log"
	lab_stop
	smssim_stop
done

# Every weakness at once: the worst case for leaks into evidence.
all=$("$AUDIT" checks --format json 2>/dev/null | grep -o '"id": *"[A-Z0-9-]*"' |
	sed 's/.*"\([A-Z0-9-]*\)"$/\1/' | grep -v -e '^TOTP-BACKUP' -e '^TOTP-SEED-EXPOSED$' |
	tr '\n' ',' | sed 's/,$//')
if [ -n "$all" ] && sms_lab_start a "$all"; then
	full_audit weak
	is $? 1 "every weakness on: exit 1 (findings)"
	grep -q '"grade": *"Failing"' "$T/weak.json"
	ok $? "every weakness on: grades Failing"
	no_passwords weak
	ok $? "every weakness on: no password in any format or log"
else
	ok 1 "lab starts with every weakness on"
fi
done_testing
