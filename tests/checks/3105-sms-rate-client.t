#!/bin/sh
# SMS-RATE-CLIENT: detection (lab --weak SMS-RATE-CLIENT -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-RATE-CLIENT SMS-RATE-CLIENT a
sms_check_detects SMS-RATE-CLIENT SMS-RATE-CLIENT b
done_testing
