#!/bin/sh
# SMS-REPLAY: detection (lab --weak SMS-REPLAY -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-REPLAY SMS-REPLAY a
sms_check_detects SMS-REPLAY SMS-REPLAY b
done_testing
