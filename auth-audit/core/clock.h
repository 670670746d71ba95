/*
 * Monotonic time for durations, pacing and timeouts (never wall-clock
 * time, which can jump).
 */
#ifndef AA_CLOCK_H
#define AA_CLOCK_H

/* Milliseconds on CLOCK_MONOTONIC, with sub-millisecond precision. */
double aa_clock_ms(void);
/* Sleep for ms milliseconds (returns early on a signal). */
void aa_clock_sleep_ms(double ms);

#endif
