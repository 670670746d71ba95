#!/bin/sh
# SMS-PUMPING-EXPOSURE: detection (lab --weak SMS-PUMPING-EXPOSURE -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-PUMPING-EXPOSURE SMS-PUMPING-EXPOSURE a
sms_check_detects SMS-PUMPING-EXPOSURE SMS-PUMPING-EXPOSURE b
done_testing
