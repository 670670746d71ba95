#!/bin/sh
# Conventions every command follows: "did you mean" for a mistyped
# command, subcommand, option, check ID, module or tag; the errno text
# when a file cannot be read; one documented --fail-on default; and
# `audit --help` describing each of its options.
. "${0%/*}/../lib.sh"

# ---- did you mean
"$AUDIT" fatcors >/dev/null 2>"$T/err"
is $? 2 "mistyped command: exit 2"
like "$(head -1 "$T/err")" "*unknown command 'fatcors' (did you mean 'factors'?)" \
	"mistyped command: did you mean"
"$AUDIT" frobnicate >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*unknown command 'frobnicate'" "nothing close: no suggestion"
"$AUDIT" totp scna >/dev/null 2>"$T/err"
is $? 2 "mistyped subcommand: exit 2"
like "$(head -1 "$T/err")" "*totp: unknown command 'scna' (did you mean 'scan'?)" \
	"mistyped subcommand (totp): did you mean"
"$AUDIT" fido kyes >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*fido: unknown command 'kyes' (did you mean 'keys'?)" \
	"mistyped subcommand (fido): did you mean"
"$AUDIT" sms-sim serv >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*sms-sim: unknown command 'serv' (did you mean 'serve'?)" \
	"mistyped subcommand (sms-sim): did you mean"
"$AUDIT" audit --prxy http://127.0.0.1:1 --profile x >/dev/null 2>"$T/err"
is $? 2 "mistyped option: exit 2"
like "$(head -1 "$T/err")" "*audit: unknown option '--prxy' (did you mean '--proxy'?)" \
	"mistyped option: did you mean"
"$AUDIT" audit --verbsoe=1 --profile x >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*unknown option '--verbsoe' (did you mean '--verbose'?)" \
	"mistyped --option=value: did you mean"
"$AUDIT" audit --p x >/dev/null 2>"$T/err"
is $? 2 "ambiguous option prefix: exit 2"
like "$(head -1 "$T/err")" "*audit: ambiguous option '--p' (--profile, --proxy)" \
	"ambiguous option prefix: the candidates named"
"$AUDIT" audit --profile >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*audit: --profile needs an argument" "missing option argument named"
"$AUDIT" totp scan . --no-qrr >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*totp scan: unknown option '--no-qrr' (did you mean '--no-qr'?)" \
	"totp scan: mistyped option"
"$AUDIT" audit --profile x --only TOTP-REPLY >/dev/null 2>"$T/err"
is $? 2 "mistyped check ID: exit 2"
like "$(head -1 "$T/err")" "*unknown check ID 'TOTP-REPLY' (did you mean 'TOTP-REPLAY'?)" \
	"mistyped check ID: did you mean"
"$AUDIT" checks --module fdio >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*unknown module 'fdio' (did you mean 'fido'?)" \
	"checks: mistyped module"
"$AUDIT" checks --tag privcy >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*unknown tag 'privcy' (did you mean 'privacy'?)" \
	"checks: mistyped tag"
"$AUDIT" checks --severty high >/dev/null 2>"$T/err"
like "$(head -1 "$T/err")" "*unknown option '--severty' (did you mean '--severity'?)" \
	"checks: mistyped option"

# ---- the errno text when a file cannot be read or written
enoent="No such file or directory"
"$AUDIT" audit --profile "$T/profile.json" >/dev/null 2>"$T/err"
is $? 2 "missing profile: exit 2"
is "$(cat "$T/err")" "auth-audit: $T/profile.json: $enoent" "missing profile: errno text"
mkdir "$T/dir.json"
"$AUDIT" audit --profile "$T/dir.json" >/dev/null 2>"$T/err"
# (core/file.c reads regular files only: its own words, not EISDIR)
is "$(cat "$T/err")" "auth-audit: $T/dir.json: not a regular file (a FIFO, device or directory is never read)" \
	"profile is a directory: says why"
"$AUDIT" totp check "$T/uri.txt" >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "auth-audit: $T/uri.txt: $enoent" "totp check: errno text"
"$AUDIT" totp scan "$T/backups" >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "auth-audit: $T/backups: $enoent" "totp scan: errno text"
"$AUDIT" totp scan "$AA_TESTS/cli" --password-file "$T/pw" >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "auth-audit: --password-file $T/pw: $enoent" "--password-file: errno text"
"$AUDIT" sms-sim estimate --policy "$T/policy.json" >/dev/null 2>"$T/err"
is "$(cat "$T/err")" "auth-audit: $T/policy.json: $enoent" "sms-sim policy: errno text"
"$AUDIT" factors a.example --no-probe --directory "$T/2fa.json" >/dev/null 2>"$T/err"
like "$(cat "$T/err")" "*$T/2fa.json: $enoent" "factors directory: errno text"
printf 'otpauth://totp/x:y?secret=JBSWY3DPEHPK3PXP&issuer=x\n' >"$T/uri.txt"
"$AUDIT" totp check "$T/uri.txt" --out "$T/no/such/dir/r.txt" >/dev/null 2>"$T/err"
like "$(cat "$T/err")" "*$T/no/such/dir/r.txt: cannot write the report: $enoent" \
	"report file that cannot be created: errno text"

# ---- one --fail-on default (low) for every command that has the option
like "$("$AUDIT" audit --help)" "*default low*" "audit --help names the default (low)"
like "$("$AUDIT" totp --help)" "*--fail-on defaults to low*" "totp --help names the default (low)"
for page in auth-audit auth-audit-totp auth-audit-factors; do
	sed -n '/^\.It Fl -fail-on/,/^\.It /p' "$AA_TESTS/../docs/$page.1" | tr '\n' ' ' >"$T/fo"
	like "$(cat "$T/fo")" "*default*Cm low*" "$page.1: --fail-on defaults to low"
done
# TOTP-URI-NONSTANDARD (low) is the one failure of a 160-bit SHA256 URI
printf 'otpauth://totp/x:y?secret=B7WUTHEQWSPD44GZFEQ3MRPMAZ2WUALL&issuer=x&algorithm=SHA256\n' \
	>"$T/low.txt"
"$AUDIT" totp check "$T/low.txt" --format tsv >"$T/out" 2>/dev/null
rc=$?
if [ "$(result_status "$T/out" TOTP-URI-NONSTANDARD)" = fail ]; then
	is $rc 1 "totp check: a low finding exits 1 by default"
	"$AUDIT" totp check "$T/low.txt" --fail-on medium >/dev/null 2>&1
	is $? 0 "totp check: --fail-on medium lets a low finding pass"
else
	ok 1 "totp check: a SHA256 URI fails TOTP-URI-NONSTANDARD"
	sed 's/^/#   /' "$T/out"
fi

# ---- audit --help describes every option of its synopsis, and the man
# page describes the same ones
"$AUDIT" audit --help >"$T/help"
sed -n '/^usage:/,/^$/p' "$T/help" | grep -o -- '--[a-z][a-z-]*' | grep -v -- '^--help$' |
	sort -u >"$T/syn"
[ -s "$T/syn" ]
ok $? "audit --help has a synopsis"
missing=
for o in $(cat "$T/syn"); do
	grep -q "^  \(-[a-z], \)\{0,1\}$o " "$T/help" || missing="$missing $o"
done
is "$missing" "" "audit --help: a description line for every option"
sed -n '/^Options of$/,/^\.El/p' "$AA_TESTS/../docs/auth-audit.1" |
	grep -o '^\.It Fl .*' | grep -o 'Fl -[a-z][a-z-]*' | sed 's/^Fl -/--/' | sort -u >"$T/man"
is "$(cat "$T/man" | tr '\n' ' ')" "$(cat "$T/syn" | tr '\n' ' ')" \
	"auth-audit.1 describes the options audit --help does"
done_testing
