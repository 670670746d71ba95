#!/bin/sh
# SMS-CODE-LEAK: detection (lab --weak SMS-CODE-LEAK -> fail) and clean (hardened -> pass)
# on both lab shapes, with sms-sim as the lab's SMS provider.
. "${0%/*}/../lib.sh"
plan 4
sms_check_detects SMS-CODE-LEAK SMS-CODE-LEAK a
sms_check_detects SMS-CODE-LEAK SMS-CODE-LEAK b
done_testing
