#!/bin/sh
# SMS-GEO: detection (lab --weak SMS-GEO -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-GEO SMS-GEO a
sms_check_detects SMS-GEO SMS-GEO b
done_testing
