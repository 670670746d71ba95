/*
 * Minimal TAP producer for the unit tests (run by prove).
 *   ok(cond, "name %d", i);  is_int(a, b, "name");  is_str(a, b, "name");
 *   return tap_done();   -- prints the plan and returns the exit status.
 */
#ifndef AA_TEST_TAP_H
#define AA_TEST_TAP_H

int tap_ok(int cond, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
int tap_is_int(long long got, long long want, const char *file, int line,
    const char *name);
int tap_is_str(const char *got, const char *want, const char *file, int line,
    const char *name);
void tap_skip(const char *why);
void tap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int tap_done(void);

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)
#define is_int(got, want, name) tap_is_int((got), (want), __FILE__, __LINE__, name)
#define is_str(got, want, name) tap_is_str((got), (want), __FILE__, __LINE__, name)

#endif
