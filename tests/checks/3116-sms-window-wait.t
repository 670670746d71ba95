#!/bin/sh
# An allowance spent before the probe teaches nothing (3115); where the
# service's 429 says when its window resets, the audit waits that out
# (announced, within limits.max_wait_ms) and measures. The lab's send
# limits here last 8 s: a second audit right after the first finds the
# test number's allowance spent, waits, and sees the limit at work. With
# max_wait_ms shorter than the window the check stays not_tested and says
# which limit would let the audit wait. The same for login texts: with one
# account, whose number an earlier audit left one text, the two-codes probe
# finds the number spent, waits for it, and runs. A wait that would pass
# limits.max_seconds is not made, and the run goes on.
. "${0%/*}/../lib.sh"
plan 11
sms_lab_start a "" --sms-window 8 || skip_all "lab or sms-sim did not start"
is "$(audit_status SMS-RATE-NUMBER)" pass "first audit: the limit stopped the sends"
audit_json "$LAB_PROFILE" SMS-RATE-NUMBER "$T/r2.json" --fail-on none
# status, then how long the evidence says it waited
python3 -c 'import json,sys
r=[x for x in json.load(open(sys.argv[1]))["results"] if x["id"]=="SMS-RATE-NUMBER"][0]
print(r["status"]); print(r.get("evidence",{}).get("waited_for_window_s",0))' \
	"$T/r2.json" >"$T/r2.txt"
is "$(sed -n 1p "$T/r2.txt")" pass \
	"second audit at once: waited out the window, then measured"
[ "$(sed -n 2p "$T/r2.txt")" -gt 0 ]
ok $? "  ... the evidence says how long it waited"
like "$(cat "$T/audit.err")" "*allowance spent before this probe resets*" \
	"  ... the wait was announced"
python3 -c 'import json,sys
p=json.load(open(sys.argv[1])); p["limits"]["max_wait_ms"]=1000
json.dump(p,open(sys.argv[2],"w"))' "$LAB_PROFILE" "$T/short.json"
is "$(audit_status SMS-RATE-NUMBER "$T/short.json")" not_tested \
	"max_wait_ms shorter than the window: not_tested, not pass"
like "$(cat "$T/last.tsv")" "*limits.max_wait_ms of at least*" \
	"  ... and it says which limit would let it wait"
python3 -c 'import json,sys
p=json.load(open(sys.argv[1])); p["limits"]["max_seconds"]=4
json.dump(p,open(sys.argv[2],"w"))' "$LAB_PROFILE" "$T/budget.json"
audit_tsv "$T/budget.json" SMS-RATE-NUMBER,SMS-CODE-LEAK >"$T/b.tsv"
like "$(cat "$T/b.tsv")" "*SMS-RATE-NUMBER	not_tested*would pass limits.max_seconds*" \
	"a window longer than the time left: not waited, said so"
is "$(result_status "$T/b.tsv" SMS-CODE-LEAK)" pass "  ... and the run went on"

# one account; a first audit costs its number three of its five texts
one_account() {
	python3 -c 'import json,sys
p=json.load(open(sys.argv[1])); p["accounts"]=p["accounts"][:1]
p["limits"]["max_wait_ms"]=int(sys.argv[3])
json.dump(p,open(sys.argv[2],"w"))' "$LAB_PROFILE" "$T/one.json" "$1"
}
sms_lab_start a "" --sms-window 8 || skip_all "lab or sms-sim did not start"
one_account 60000
audit_tsv "$T/one.json" SMS-CODE-LEAK,SMS-ANON-TRIGGER >/dev/null
audit_tsv "$T/one.json" SMS-REPLAY,SMS-OTP-WEAK >"$T/w.tsv"
is "$(result_status "$T/w.tsv" SMS-OTP-WEAK)" pass \
	"login texts: the spent number was waited for, then the probe ran"
like "$(cat "$T/audit.err")" "*send allowance resets*" "  ... announced"
sms_lab_start a "" --sms-window 8 || skip_all "lab or sms-sim did not start"
one_account 1000
audit_tsv "$T/one.json" SMS-CODE-LEAK,SMS-ANON-TRIGGER >/dev/null
audit_tsv "$T/one.json" SMS-REPLAY,SMS-OTP-WEAK >"$T/w.tsv"
like "$(cat "$T/w.tsv")" "*SMS-OTP-WEAK	not_tested*limits.max_wait_ms of at least*" \
	"  ... and with max_wait_ms shorter: not_tested, naming the value"
done_testing
