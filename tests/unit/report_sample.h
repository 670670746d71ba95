/*
 * Canned reports shared by the report tests: a live audit with every
 * status, factors, evidence, markup and two secrets, and an offline scan
 * whose findings point at files.
 */
#ifndef AA_TEST_REPORT_SAMPLE_H
#define AA_TEST_REPORT_SAMPLE_H

#include "auth-audit/report/report.h"

#define SECRET "JBSWY3DPEHPK3PXPQ7Z2"
#define XSS "<script>alert(\"x\")</script>&"
/* A password whose characters every format escapes differently. */
#define PASSWORD "Pw\"<x>&'\\y_*9"

/* Rated reports (aa_rating_compute done); NULL on allocation failure. */
struct aa_report *aa_test_sample_audit(void);
struct aa_report *aa_test_sample_scan(void);
/* aa_report_render() into a malloc'd string; NULL on error. */
char *aa_test_render(const struct aa_report *rep, const char *fmt);

#endif
