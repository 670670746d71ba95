# Shared helpers of the shell tests (tests/cli/*.t, tests/checks/*.t).
# Source it as:   . "${0%/*}/../lib.sh"
#
# TAP:   plan N | ok STATUS NAME | run_ok NAME CMD... | run_fails NAME CMD...
#        is GOT WANT NAME | isnt GOT WANT NAME | like GOT GLOB NAME
#        diag MSG... | skip REASON [N] | skip_all REASON | done_testing
#        (`done` is a shell keyword, hence done_testing)
# Lab:   lab_start SHAPE WEAKS [auth-lab args...]   (WEAKS "" = hardened)
#        lab_stop
#        sets LAB_PID, LAB_PORT, LAB_URL, LAB_PROFILE (a copy of
#        tests/lab/profile-SHAPE.json whose base_url has the real port)
# Audit: audit_json PROFILE IDS OUT [extra args]  -> exit status of the audit
#        audit_tsv PROFILE IDS [extra args]       -> prints the tsv report
#        audit_status ID [PROFILE] [extra args]   -> prints pass|fail|...
#        result_status TSVFILE ID                 -> status of ID in a tsv report
#        expect_status ID WANT NAME  (one TAP result; shows the tsv if wrong)
#        check_detects ID WEAKS SHAPE (hardened -> pass, weak -> fail: 2 results)
# Do not set your own `trap ... EXIT`: lib.sh's trap stops the lab and
# removes $T.
# Vars:  AUDIT, LAB (binaries), AA_TESTS (the tests/ dir), T (a private temp
#        dir removed at exit).

: "${AA_BUILD:?AA_BUILD must name the build directory (make test sets it)}"
AUDIT="$AA_BUILD/auth-audit"
LAB="$AA_BUILD/auth-lab"
AA_TESTS=${AA_TESTS:-$(cd "$(dirname "$0")/.." && pwd)}
T=$(mktemp -d "${TMPDIR:-/tmp}/aa-test.XXXXXX") || exit 1

_tap_n=0
_tap_failed=0
_tap_planned=0
LAB_PID=

_lib_cleanup() {
	lab_stop
	[ -n "${AA_KEEP:-}" ] || rm -rf "$T"   # AA_KEEP=1 keeps it for debugging
}
trap '_lib_cleanup' EXIT
trap '_lib_cleanup; exit 1' INT TERM HUP

# ---- TAP -------------------------------------------------------------------

plan() {
	_tap_planned=1
	echo "1..$1"
}

# ok STATUS NAME: passes when STATUS is 0 (use: [ x = y ]; ok $? "name").
ok() {
	_tap_n=$((_tap_n + 1))
	if [ "$1" -eq 0 ] 2>/dev/null; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
		return 1
	fi
}

# run_ok NAME CMD...: the command exits 0 (its output goes to $T/out, $T/err).
run_ok() {
	_n=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	_rc=$?
	ok "$_rc" "$_n" || { diag "exit $_rc: $*"; sed 's/^/# /' "$T/err" | head -20; }
}

# run_fails NAME CMD...: the command exits non-zero.
run_fails() {
	_n=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	[ $? -ne 0 ]
	ok $? "$_n"
}

is() {
	[ "$1" = "$2" ]
	ok $? "$3" || diag "got '$1', want '$2'"
}

isnt() {
	[ "$1" != "$2" ]
	ok $? "$3" || diag "got '$1', want anything else"
}

# like GOT GLOB NAME: shell pattern match (case).
like() {
	case $1 in
	$2) ok 0 "$3" ;;
	*) ok 1 "$3"; diag "got '$1', want match of '$2'" ;;
	esac
}

diag() {
	echo "# $*"
}

# skip REASON [N]: N skipped tests (default 1).
skip() {
	_i=0
	while [ "$_i" -lt "${2:-1}" ]; do
		_tap_n=$((_tap_n + 1))
		echo "ok $_tap_n # skip $1"
		_i=$((_i + 1))
	done
}

skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}

done_testing() {
	[ "$_tap_planned" = 1 ] || echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ] && exit 0
	exit 1
}

# ---- the lab -----------------------------------------------------------------

# lab_start SHAPE WEAKS [auth-lab args...]: start the lab on a free port.
lab_start() {
	_shape=$1
	_weaks=$2
	shift 2
	lab_stop
	[ -n "$_weaks" ] && set -- --weak "$_weaks" "$@"
	: >"$T/lab.out"
	"$LAB" --listen 127.0.0.1:0 --shape "$_shape" "$@" \
		>"$T/lab.out" 2>"$T/lab.err" &
	LAB_PID=$!
	LAB_PORT=
	_i=0
	while [ "$_i" -lt 100 ]; do
		LAB_PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' \
			"$T/lab.out")
		[ -n "$LAB_PORT" ] && break
		kill -0 "$LAB_PID" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ -z "$LAB_PORT" ]; then
		diag "auth-lab did not start:"
		sed 's/^/#   /' "$T/lab.err"
		lab_stop
		return 1
	fi
	LAB_URL="http://127.0.0.1:$LAB_PORT"
	LAB_PROFILE="$T/profile-$_shape.json"
	sed "s|\"http://127\.0\.0\.1:0\"|\"$LAB_URL\"|" \
		"$AA_TESTS/lab/profile-$_shape.json" >"$LAB_PROFILE"
	export LAB_PID LAB_PORT LAB_URL LAB_PROFILE
}

lab_stop() {
	if [ -n "$LAB_PID" ]; then
		kill "$LAB_PID" 2>/dev/null
		wait "$LAB_PID" 2>/dev/null
		LAB_PID=
	fi
}

# ---- audits ------------------------------------------------------------------

# audit_json PROFILE IDS OUT [args...]
audit_json() {
	_p=$1
	_ids=$2
	_o=$3
	shift 3
	"$AUDIT" audit --profile "$_p" --only "$_ids" --format json --out "$_o" \
		"$@" 2>"$T/audit.err"
}

# audit_tsv PROFILE IDS [args...]: "ID<TAB>status<TAB>severity<TAB>summary"
audit_tsv() {
	_p=$1
	_ids=$2
	shift 2
	"$AUDIT" audit --profile "$_p" --only "$_ids" --format tsv --out - \
		"$@" 2>"$T/audit.err"
}

# result_status TSVFILE ID
result_status() {
	awk -F '\t' -v id="$2" '$1 == id { print $2; exit }' "$1"
}

# audit_status ID [PROFILE [args...]]: the status of one check (default
# profile: the running lab's). The full tsv line stays in $T/last.tsv.
audit_status() {
	_id=$1
	_p=${2:-$LAB_PROFILE}
	[ $# -ge 2 ] && shift 2 || shift 1
	audit_tsv "$_p" "$_id" "$@" >"$T/last.tsv"
	_st=$(result_status "$T/last.tsv" "$_id")
	echo "${_st:-missing}"
}

# expect_status ID WANT NAME: audit the running lab for ID, compare the status.
expect_status() {
	_got=$(audit_status "$1")
	is "$_got" "$2" "$3" || {
		sed 's/^/#   /' "$T/last.tsv" "$T/audit.err" | head -20
	}
}

# check_detects ID WEAKS SHAPE: the standard pair of a check test:
#   hardened lab -> pass, lab with WEAKS -> fail (2 TAP results).
check_detects() {
	if lab_start "$3" ""; then
		expect_status "$1" pass "$1: hardened lab (shape $3) passes"
	else
		ok 1 "$1: hardened lab (shape $3) starts"
	fi
	if lab_start "$3" "$2"; then
		expect_status "$1" fail "$1: lab with $2 (shape $3) fails"
	else
		ok 1 "$1: lab with $2 (shape $3) starts"
	fi
	lab_stop
}

# ---- sms-sim (SMS engineer) ------------------------------------------------
# smssim_start [serve args...]: start sms-sim on a free port.
#   sets SMS_PID, SMS_PORT, SMS_URL. Its output goes to files so it never
#   holds the TAP pipe open.
# sms_lab_start SHAPE WEAKS: sms-sim, then the lab sending through it, and
#   LAB_PROFILE pointed at the sms-sim inbox.
# sms_check_detects ID WEAKS SHAPE: check_detects with sms-sim in the loop.
smssim_start() {
	smssim_stop
	: >"$T/sms.out"
	"$AUDIT" sms-sim serve --listen 127.0.0.1:0 "$@" \
		>"$T/sms.out" 2>"$T/sms.err" </dev/null &
	SMS_PID=$!
	SMS_PORT=
	_i=0
	while [ "$_i" -lt 100 ]; do
		SMS_PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' \
			"$T/sms.out")
		[ -n "$SMS_PORT" ] && break
		kill -0 "$SMS_PID" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ -z "$SMS_PORT" ]; then
		diag "sms-sim did not start:"
		sed 's/^/#   /' "$T/sms.err"
		smssim_stop
		return 1
	fi
	SMS_URL="http://127.0.0.1:$SMS_PORT"
	export SMS_PID SMS_PORT SMS_URL
}

smssim_stop() {
	if [ -n "${SMS_PID:-}" ]; then
		kill "$SMS_PID" 2>/dev/null
		wait "$SMS_PID" 2>/dev/null
		SMS_PID=
	fi
}

sms_lab_start() {
	smssim_start || return 1
	lab_start "$1" "$2" --sms-api "$SMS_URL" || return 1
	sed "s|\"http://127\.0\.0\.1:1\"|\"$SMS_URL\"|" "$LAB_PROFILE" \
		>"$LAB_PROFILE.sms" && mv "$LAB_PROFILE.sms" "$LAB_PROFILE"
}

sms_check_detects() {
	if sms_lab_start "$3" ""; then
		expect_status "$1" pass "$1: hardened lab (shape $3) passes"
	else
		ok 1 "$1: hardened lab (shape $3) starts"
	fi
	if sms_lab_start "$3" "$2"; then
		expect_status "$1" fail "$1: lab with $2 (shape $3) fails"
	else
		ok 1 "$1: lab with $2 (shape $3) starts"
	fi
	lab_stop
	smssim_stop
}

# The exit trap names _lib_cleanup: stop sms-sim there too.
_lib_cleanup() {
	lab_stop
	smssim_stop
	[ -n "${AA_KEEP:-}" ] || rm -rf "$T"
}
