#!/bin/sh
# SMS-BRUTEFORCE: detection (lab --weak SMS-BRUTEFORCE -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider. A pass
# rests on a positive control: the evidence says when a correct code had
# signed the brute-forced account in.
. "${0%/*}/../lib.sh"
plan 5
sms_check_detects SMS-BRUTEFORCE SMS-BRUTEFORCE a
sms_check_detects SMS-BRUTEFORCE SMS-BRUTEFORCE b
if sms_lab_start a ""; then
	audit_json "$LAB_PROFILE" SMS-BRUTEFORCE "$T/bf.json" --fail-on none
	like "$(tr -d ' \n' <"$T/bf.json")" \
		'*"correct_code_before":"earlierintherun"*"correct_code_after":"refused"*' \
		"the lockout's positive control is in the evidence"
else
	ok 1 "hardened lab starts"
fi
lab_stop
smssim_stop
done_testing
