#!/bin/sh
# SMS-OTP-WEAK: detection (lab --weak SMS-OTP-WEAK -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-OTP-WEAK SMS-OTP-WEAK a
sms_check_detects SMS-OTP-WEAK SMS-OTP-WEAK b
done_testing
