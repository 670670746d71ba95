#!/bin/sh
# Report formats come from one table (auth-audit/report/formats.c): the
# command line lists the table, every format of it renders a report, and
# the man pages describe exactly these formats.
. "${0%/*}/../lib.sh"

top=$(cd "$AA_TESTS/.." && pwd)
# "FORMAT is text, json, ... or tsv." -> one name a line.
formats=$("$AUDIT" audit --help | sed -n 's/^FORMAT is \(.*\)\.$/\1/p' |
	sed 's/, / /g; s/ or / /' | tr ' ' '\n')
# The .Cm words of the --format item of a man page, sorted.
man_formats() {
	sed -n '/^\.It Fl -format Ar FORMAT/,/^\.It /p' "$1" |
		sed -n 's/^\.Cm \([a-z]*\).*/\1/p' | sort -u
}

plan $(( $(echo "$formats" | wc -l) * 2 + 6 ))
isnt "$formats" "" "audit --help names the formats"
printf 'otpauth://totp/Lab:alice?secret=JBSWY3DPEHPK3PXP&issuer=Lab\n' \
	>"$T/uri"
for f in $formats; do
	run_ok "totp check renders $f" "$AUDIT" totp check "$T/uri" \
		--format "$f" --fail-on none
	[ -s "$T/out" ]
	ok $? "$f output is not empty"
done
"$AUDIT" audit --profile "$T/none.json" --format yaml 2>"$T/err" >/dev/null
is $? 2 "unknown format: exit 2"
like "$(cat "$T/err")" "*unknown format 'yaml' ($(echo $formats |
	sed 's/ /, /g; s/\(.*\), /\1 or /'))*" "the error lists the table"
like "$("$AUDIT" totp --help)" "*FORMAT is $(echo $formats |
	sed 's/ /, /g; s/\(.*\), /\1 or /');*" "totp --help lists the table"
sorted=$(echo "$formats" | sort)
is "$(man_formats "$top/docs/auth-audit.1")" "$sorted" \
	"auth-audit(1) --format describes the table's formats"
is "$(man_formats "$top/docs/auth-audit-totp.1")" "$sorted" \
	"auth-audit-totp(1) --format describes the table's formats"
done_testing
