#!/bin/sh
# SMS-ANON-TRIGGER: detection (lab --weak SMS-ANON-TRIGGER -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-ANON-TRIGGER SMS-ANON-TRIGGER a
sms_check_detects SMS-ANON-TRIGGER SMS-ANON-TRIGGER b
done_testing
