#!/bin/sh
# SMS-RATE-NUMBER: detection (lab --weak SMS-RATE-NUMBER -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-RATE-NUMBER SMS-RATE-NUMBER a
sms_check_detects SMS-RATE-NUMBER SMS-RATE-NUMBER b
done_testing
