#!/bin/sh
# SMS-SEQUENTIAL: detection (lab --weak SMS-SEQUENTIAL -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-SEQUENTIAL SMS-SEQUENTIAL a
sms_check_detects SMS-SEQUENTIAL SMS-SEQUENTIAL b
done_testing
