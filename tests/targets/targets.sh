# Foreign targets (tests/targets/NAME/): source after lib.sh.
#
# target_start NAME WEAKS [run args...]   (WEAKS "" = default configuration)
#     starts sms-sim and tests/targets/NAME/run on free ports; sets
#     TARGET_NAME, TARGET_PID, TARGET_PORT, TARGET_URL and TARGET_PROFILE
#     (a copy of NAME/profile.json with the real base_url, origin ports and
#     sms inbox; limits.max_wait_ms set to $TARGET_MAX_WAIT_MS when that
#     is set)
# target_stop
# Both are in lib.sh's exit cleanup; a target's output is in $T/target.*.
#
# target_case NAME WEAKS IDS WHAT ID=STATUS...
#     starts NAME with WEAKS, audits IDS and gives one TAP result per
#     ID=STATUS (WHAT names the configuration); a target that does not
#     start fails each of them
#
# target_graded NAME TSV [audit args...]
#     starts NAME as its documentation sets it up (no switch), audits
#     every AUTH and TOTP check into TSV, one TAP result for the audit
#     finishing with a grade; a target that does not start ends the test

TARGET_PID=
# How long a target may take to print its listening line (tenths of a second).
TARGET_START_TENTHS=${TARGET_START_TENTHS:-300}

target_start() {
	_ts_name=$1
	_ts_weaks=$2
	shift 2
	target_stop
	smssim_start || return 1
	[ -n "$_ts_weaks" ] && set -- --weak "$_ts_weaks" "$@"
	: >"$T/target.out"
	"$AA_TESTS/targets/$_ts_name/run" --listen 127.0.0.1:0 \
		--sms-api "$SMS_URL" "$@" \
		>"$T/target.out" 2>"$T/target.err" </dev/null &
	TARGET_PID=$!
	TARGET_PORT=
	_i=0
	while [ "$_i" -lt "$TARGET_START_TENTHS" ]; do
		TARGET_PORT=$(sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' \
			"$T/target.out")
		[ -n "$TARGET_PORT" ] && break
		kill -0 "$TARGET_PID" 2>/dev/null || break
		sleep 0.1
		_i=$((_i + 1))
	done
	if [ -z "$TARGET_PORT" ]; then
		diag "target $_ts_name did not start:"
		sed 's/^/#   /' "$T/target.err"
		target_stop
		return 1
	fi
	TARGET_NAME=$_ts_name
	TARGET_URL="http://127.0.0.1:$TARGET_PORT"
	TARGET_PROFILE="$T/profile-$_ts_name.json"
	# Placeholders: base_url and origins on port 0, sms inbox on port 1.
	sed -e "s|\"http://127\.0\.0\.1:0\"|\"$TARGET_URL\"|g" \
		-e "s|\"http://localhost:0\"|\"http://localhost:$TARGET_PORT\"|g" \
		-e "s|\"http://127\.0\.0\.1:1\"|\"$SMS_URL\"|g" \
		"$AA_TESTS/targets/$_ts_name/profile.json" >"$TARGET_PROFILE"
	# A test may hold the profile's longest wait shorter (the suite's time).
	if [ -n "${TARGET_MAX_WAIT_MS:-}" ]; then
		python3 -c 'import json,sys
p=json.load(open(sys.argv[1])); p.setdefault("limits",{})["max_wait_ms"]=int(sys.argv[2])
json.dump(p,open(sys.argv[1],"w"))' "$TARGET_PROFILE" "$TARGET_MAX_WAIT_MS" ||
			return 1
	fi
	export TARGET_NAME TARGET_PID TARGET_PORT TARGET_URL TARGET_PROFILE
}

# target_stop: the target (SIGTERM ends every target at once), then sms-sim.
target_stop() {
	if [ -n "$TARGET_PID" ]; then
		kill "$TARGET_PID" 2>/dev/null
		wait "$TARGET_PID" 2>/dev/null
		TARGET_PID=
	fi
	smssim_stop
}

# The exit trap names _lib_cleanup: stop the target there too.
_lib_cleanup() {
	target_stop
	lab_stop
	[ -n "${AA_KEEP:-}" ] || rm -rf "$T"
}

# target_audit IDS OUT [audit args...]: audit the running target for IDS
# (a pattern list as --only takes it); the tsv report goes to OUT, the
# audit's stderr to $T/audit.err. Findings are expected: --fail-on none.
# TARGET_DEVICE is the --device (FIDO tests: soft; default auto, which
# finds no key here, so FIDO checks are not_tested).
target_audit() {
	_ta_ids=$1
	_ta_out=$2
	shift 2
	"$AUDIT" audit --profile "$TARGET_PROFILE" --only "$_ta_ids" \
		--format tsv --out "$_ta_out" --fail-on none \
		--device "${TARGET_DEVICE:-auto}" "$@" 2>"$T/audit.err"
}

# expect_verdicts TSV WHAT ID=STATUS...: one TAP result per check; a
# wrong one shows the summary the audit gave.
expect_verdicts() {
	_ev_tsv=$1
	_ev_what=$2
	shift 2
	for _ev in "$@"; do
		_ev_id=${_ev%%=*}
		_ev_want=${_ev#*=}
		_ev_got=$(result_status "$_ev_tsv" "$_ev_id")
		is "${_ev_got:-missing}" "$_ev_want" \
			"$TARGET_NAME $_ev_what: $_ev_id is $_ev_want" ||
			awk -F '\t' -v id="$_ev_id" '$1 == id { print "#   " $4 }' \
				"$_ev_tsv" >&2
	done
}

target_case() {
	_tc_name=$1
	_tc_weaks=$2
	_tc_ids=$3
	_tc_what=$4
	shift 4
	if target_start "$_tc_name" "$_tc_weaks"; then
		target_audit "$_tc_ids" "$T/case.tsv"
		expect_verdicts "$T/case.tsv" "$_tc_what" "$@"
		return
	fi
	for _tc in "$@"; do
		ok 1 "$_tc_name --weak '$_tc_weaks' starts ($_tc)"
	done
}

target_graded() {
	_tg_name=$1
	_tg_tsv=$2
	shift 2
	if ! target_start "$_tg_name" ""; then
		ok 1 "$_tg_name starts"
		done_testing
		exit 1
	fi
	target_audit 'AUTH-*,TOTP-*' "$_tg_tsv" "$@"
	is $? 0 "the audit finishes with a grade (exit 0 under --fail-on none)" ||
		tail -n 5 "$T/audit.err" | sed 's/^/#   /' >&2
}
