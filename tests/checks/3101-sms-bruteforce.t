#!/bin/sh
# SMS-BRUTEFORCE: detection (lab --weak SMS-BRUTEFORCE -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-BRUTEFORCE SMS-BRUTEFORCE a
sms_check_detects SMS-BRUTEFORCE SMS-BRUTEFORCE b
done_testing
