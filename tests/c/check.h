/* What every C test program of libarrears shares: the CHECK counter, string equality, the typed
 * error check and minor units as text. Each test program is its own executable (one translation
 * unit), so the counters are per program. */
#ifndef ARREARS_TEST_CHECK_H
#define ARREARS_TEST_CHECK_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrears.h"

static int passed, failed;

#define CHECK(cond, ...)                                                              \
    do {                                                                              \
        if (cond) {                                                                   \
            passed++;                                                                 \
        } else {                                                                      \
            failed++;                                                                 \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                      \
            fprintf(stderr, __VA_ARGS__);                                             \
            fprintf(stderr, "\n");                                                    \
        }                                                                             \
    } while (0)

static inline int streq(const char *a, const char *b) { return a != NULL && b != NULL && strcmp(a, b) == 0; }

/* The last call failed with status `want`, error code `code` (NULL: not checked) on `field`, with
 * the offending `value` (NULL: not checked), and its message names the field. */
static inline void expect_error(ArrearsStatus st, ArrearsStatus want, const char *code, const char *field,
                                const char *value, const char *what) {
    CHECK(st == want, "%s: status %d, want %d (%s)", what, st, want, arrears_last_error_message());
    if (code != NULL) {
        CHECK(streq(arrears_last_error_code(), code), "%s: code %s, want %s", what, arrears_last_error_code(), code);
    }
    CHECK(streq(arrears_last_error_field(), field), "%s: field %s, want %s", what, arrears_last_error_field(), field);
    if (value != NULL) {
        CHECK(streq(arrears_last_error_value(), value), "%s: value %s, want %s", what, arrears_last_error_value(), value);
    }
    CHECK(arrears_last_error_message() != NULL && strstr(arrears_last_error_message(), field) != NULL,
          "%s: the message names the field: %s", what, arrears_last_error_message());
}

/* Formats minor units at `scale` decimals as a decimal string ("-12.05", "1500"). */
static inline void minor_text(char *buf, size_t cap, long long v, unsigned scale) {
    unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, p = 1;
    for (unsigned k = 0; k < scale; k++) p *= 10;
    if (scale == 0) snprintf(buf, cap, "%s%llu", v < 0 ? "-" : "", a);
    else snprintf(buf, cap, "%s%llu.%0*llu", v < 0 ? "-" : "", a / p, (int)scale, a % p);
}

/* A growing NUL-terminated string (start with `Buf b = {0};`, free `b.s`). */
typedef struct {
    char *s;
    size_t len, cap;
} Buf;

/* Appends `t` to `b`. */
static inline void put(Buf *b, const char *t) {
    size_t n = strlen(t);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
    }
    memcpy(b->s + b->len, t, n + 1);
    b->len += n;
}

/* Tallies the program's checks: prints them and gives its exit status. */
static inline int report(const char *program) {
    printf("%s: %d passed, %d failed\n", program, passed, failed);
    return failed == 0 ? 0 : 1;
}

#endif
