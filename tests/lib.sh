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
#        tests/lab/profile-SHAPE.json whose base_url has the real port).
#        The lab's TOTP period is LAB_TOTP_PERIOD seconds, 5 unless the
#        test sets it (30 where a standard otpauth URI matters), so audits
#        waiting for a fresh TOTP step wait less.
# Audit: audit_json PROFILE IDS OUT [extra args]  -> exit status of the audit
#        audit_tsv PROFILE IDS [extra args]       -> prints the tsv report
#        audit_status ID [PROFILE] [extra args]   -> prints pass|fail|...
#        result_status TSVFILE ID                 -> status of ID in a tsv report
#        expect_status ID WANT NAME  (one TAP result; shows the tsv if wrong)
#        check_detects ID WEAKS SHAPE (hardened -> pass, weak -> fail: 2 results)
#        detects_with START ID WEAKS SHAPE [audit args...] (the same with
#        START = lab_start or sms_lab_start, extra audit arguments)
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

# Stop what the test started; AA_KEEP=1 keeps $T for debugging.
_lib_cleanup() {
	lab_stop
	smssim_stop
	[ -n "${AA_KEEP:-}" ] || rm -rf "$T"
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
	ok "$_rc" "$_n" || { diag "exit $_rc: $*"; sed 's/^/# /' "$T/err" | head -20 >&2; }
}

# run_fails NAME CMD...: the command exits non-zero.
run_fails() {
	_n=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	[ $? -ne 0 ]
	ok $? "$_n"
}

# is, isnt and like return 1 on failure, so "is ... || show more" works.
is() {
	[ "$1" = "$2" ]
	ok $? "$3" || { diag "got '$1', want '$2'"; return 1; }
}

isnt() {
	[ "$1" != "$2" ]
	ok $? "$3" || { diag "got '$1', want anything else"; return 1; }
}

# like GOT GLOB NAME: shell pattern match (case).
like() {
	case $1 in
	$2) ok 0 "$3" ;;
	*) ok 1 "$3"; diag "got '$1', want match of '$2'"; return 1 ;;
	esac
}

# Diagnostics go to stderr, as Test::More's do: prove shows them even
# when it is not verbose, so a CI log says why a test failed.
diag() {
	echo "# $*" >&2
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

# _serve NAME CMD...: run CMD in the background (output in $T/NAME.out and
# $T/NAME.err, so it never holds the TAP pipe open) and wait up to 10 s
# for its "listening on 127.0.0.1:PORT" line. Sets _serve_pid and
# _serve_port; on failure shows its stderr, stops it and returns 1.
_serve() {
	_name=$1
	shift
	: >"$T/$_name.out"
	"$@" >"$T/$_name.out" 2>"$T/$_name.err" </dev/null &
	_serve_pid=$!
	_serve_port=
	_i=0
	while [ "$_i" -lt 100 ]; do
		_serve_port=$(sed -n \
			's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' \
			"$T/$_name.out")
		[ -n "$_serve_port" ] && return 0
		kill -0 "$_serve_pid" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	diag "$_name did not start:"
	sed 's/^/#   /' "$T/$_name.err"
	_unserve "$_serve_pid"
	return 1
}

# _unserve PID: stop a background server (nothing when PID is empty).
_unserve() {
	[ -n "$1" ] || return 0
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}

# lab_start SHAPE WEAKS [auth-lab args...]: start the lab on a free port.
lab_start() {
	_shape=$1
	_weaks=$2
	shift 2
	lab_stop
	[ -n "$_weaks" ] && set -- --weak "$_weaks" "$@"
	_serve lab "$LAB" --listen 127.0.0.1:0 --shape "$_shape" \
		--totp-period "${LAB_TOTP_PERIOD:-5}" "$@" || return 1
	LAB_PID=$_serve_pid
	LAB_PORT=$_serve_port
	LAB_URL="http://127.0.0.1:$LAB_PORT"
	LAB_PROFILE="$T/profile-$_shape.json"
	sed "s|\"http://127\.0\.0\.1:0\"|\"$LAB_URL\"|" \
		"$AA_TESTS/lab/profile-$_shape.json" >"$LAB_PROFILE"
	export LAB_PID LAB_PORT LAB_URL LAB_PROFILE
}

lab_stop() {
	_unserve "$LAB_PID"
	LAB_PID=
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

# expect_status ID WANT NAME [audit args...]: audit the running lab for
# ID, compare the status.
expect_status() {
	_es_id=$1
	_es_want=$2
	_es_name=$3
	shift 3
	_got=$(audit_status "$_es_id" "$LAB_PROFILE" "$@")
	is "$_got" "$_es_want" "$_es_name" || {
		sed 's/^/#   /' "$T/last.tsv" "$T/audit.err" | head -20
	}
}

# detects_with START ID WEAKS SHAPE [audit args...]: the standard pair of
# a check test with START (lab_start or sms_lab_start): hardened -> pass,
# WEAKS -> fail (2 TAP results).
detects_with() {
	_dw_start=$1
	_dw_id=$2
	_dw_weaks=$3
	_dw_shape=$4
	shift 4
	if "$_dw_start" "$_dw_shape" ""; then
		expect_status "$_dw_id" pass \
			"$_dw_id: hardened lab (shape $_dw_shape) passes" "$@"
	else
		ok 1 "$_dw_id: hardened lab (shape $_dw_shape) starts"
	fi
	if "$_dw_start" "$_dw_shape" "$_dw_weaks"; then
		expect_status "$_dw_id" fail \
			"$_dw_id: lab with $_dw_weaks (shape $_dw_shape) fails" "$@"
	else
		ok 1 "$_dw_id: lab with $_dw_weaks (shape $_dw_shape) starts"
	fi
	lab_stop
	smssim_stop
}

# check_detects ID WEAKS SHAPE: detects_with the plain lab.
check_detects() {
	detects_with lab_start "$@"
}

# ---- sms-sim -------------------------------------------------------------------
# smssim_start [serve args...]: start sms-sim on a free port; sets
#   SMS_PID, SMS_PORT, SMS_URL.
# sms_lab_start SHAPE WEAKS [auth-lab args...]: sms-sim, then the lab
#   sending through it, and LAB_PROFILE pointed at the sms-sim inbox.
# sms_check_detects ID WEAKS SHAPE: check_detects with sms-sim in the loop.
smssim_start() {
	smssim_stop
	_serve sms "$AUDIT" sms-sim serve --listen 127.0.0.1:0 "$@" || return 1
	SMS_PID=$_serve_pid
	SMS_PORT=$_serve_port
	SMS_URL="http://127.0.0.1:$SMS_PORT"
	export SMS_PID SMS_PORT SMS_URL
}

smssim_stop() {
	_unserve "${SMS_PID:-}"
	SMS_PID=
}

sms_lab_start() {
	smssim_start || return 1
	_sl_shape=$1
	_sl_weaks=$2
	shift 2
	lab_start "$_sl_shape" "$_sl_weaks" --sms-api "$SMS_URL" "$@" || return 1
	sed "s|\"http://127\.0\.0\.1:1\"|\"$SMS_URL\"|" "$LAB_PROFILE" \
		>"$LAB_PROFILE.sms" && mv "$LAB_PROFILE.sms" "$LAB_PROFILE"
}

sms_check_detects() {
	detects_with sms_lab_start "$@"
}
