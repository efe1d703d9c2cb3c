/* C tests of libarrears: the typed API, errors at the boundary, and the shared vectors.
 * Usage: test_arrears VECTORS_TSV   (built and run under valgrind by tests/c/test.sh) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arrears.h"

#ifndef EXPECTED_VERSION
#error "compile with -DEXPECTED_VERSION=\"x.y.z\""
#endif

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

static int streq(const char *a, const char *b) { return a != NULL && b != NULL && strcmp(a, b) == 0; }

static void test_readme_schedule(void) {
    ArrearsStep eom_plus_60[] = {{ARREARS_STEP_END_OF_MONTH, 0}, {ARREARS_STEP_ADD_DAYS, 60}};
    ArrearsTermLine lines[] = {
        {ARREARS_LINE_PERCENT, "30", NULL, 0},
        {ARREARS_LINE_BALANCE, NULL, eom_plus_60, 2},
    };
    ArrearsSchedule *s = NULL;
    ArrearsStatus st = arrears_schedule("1000.00", "EUR", "2026-01-31", lines, 2, ARREARS_ADJUSTMENT_NONE, NULL, &s);
    CHECK(st == ARREARS_OK, "schedule status %d: %s", st, arrears_last_error_message());
    CHECK(arrears_last_error_message() == NULL, "no error after success");
    if (s == NULL) return;
    CHECK(s->installments_len == 2, "2 installments, got %zu", s->installments_len);
    CHECK(streq(s->currency, "EUR") && streq(s->total, "1000.00") && streq(s->due_date, "2026-04-01"),
          "header %s %s %s", s->currency, s->total, s->due_date);
    CHECK(s->installments[0].line == 0 && streq(s->installments[0].due_date, "2026-01-31") &&
              streq(s->installments[0].amount, "300.00"),
          "first %s %s", s->installments[0].due_date, s->installments[0].amount);
    CHECK(s->installments[1].line == 1 && streq(s->installments[1].due_date, "2026-04-01") &&
              streq(s->installments[1].amount, "700.00"),
          "second %s %s", s->installments[1].due_date, s->installments[1].amount);
    arrears_schedule_free(s);
}

static void test_options_and_calendar(void) {
    /* 30/60/90 on 100.00 CHF with 0.05 cash rounding, following over a Dec 25 holiday */
    ArrearsStep d30[] = {{ARREARS_STEP_ADD_DAYS, 30}}, d60[] = {{ARREARS_STEP_ADD_DAYS, 60}},
                d90[] = {{ARREARS_STEP_ADD_DAYS, 90}};
    ArrearsTermLine lines[] = {
        {ARREARS_LINE_EQUAL, NULL, d30, 1}, {ARREARS_LINE_EQUAL, NULL, d60, 1}, {ARREARS_LINE_EQUAL, NULL, d90, 1}};
    const char *holidays[] = {"2026-12-25"};
    ArrearsCalendar cal = {ARREARS_WEEKEND_SAT_SUN, holidays, 1};
    ArrearsScheduleOptions opt = arrears_schedule_options_default();
    opt.cash_increment = "0.05";
    opt.calendar = &cal;
    ArrearsSchedule *s = NULL;
    ArrearsStatus st = arrears_schedule("100.00", "CHF", "2026-11-25", lines, 3, ARREARS_ADJUSTMENT_FOLLOWING, &opt, &s);
    CHECK(st == ARREARS_OK, "status %d: %s", st, arrears_last_error_message());
    if (s == NULL) return;
    CHECK(s->installments_len == 3, "3 installments");
    CHECK(streq(s->installments[0].due_date, "2026-12-28"), "Dec 25 holiday, Sat, Sun -> Dec 28: %s",
          s->installments[0].due_date);
    CHECK(streq(s->installments[0].amount, "33.35") && streq(s->installments[2].amount, "33.30"), "cash rounding %s %s",
          s->installments[0].amount, s->installments[2].amount);
    arrears_schedule_free(s);

    char date[11];
    ArrearsStep eom_prox10[] = {{ARREARS_STEP_END_OF_MONTH, 0}, {ARREARS_STEP_NEXT_DAY_OF_MONTH, 10}};
    st = arrears_due_date("2026-01-15", eom_prox10, 2, ARREARS_ADJUSTMENT_NONE, NULL, date);
    CHECK(st == ARREARS_OK && streq(date, "2026-02-10"), "10 prox: %d %s", st, date);
    ArrearsCalendar gulf = {(1 << 4) | (1 << 5), NULL, 0}; /* Fri + Sat */
    st = arrears_due_date("2026-03-20", NULL, 0, ARREARS_ADJUSTMENT_FOLLOWING, &gulf, date);
    CHECK(st == ARREARS_OK && streq(date, "2026-03-22"), "Fri-Sat weekend: %d %s", st, date);

    char *r = NULL;
    st = arrears_round("2.345", "EUR", ARREARS_ROUND_HALF_EVEN, -1, NULL, &r);
    CHECK(st == ARREARS_OK && streq(r, "2.34"), "half even %s", r ? r : "(null)");
    arrears_string_free(r);
    st = arrears_round("1234.5", "HUF", ARREARS_ROUND_HALF_UP, 0, NULL, &r);
    CHECK(st == ARREARS_OK && streq(r, "1235"), "precision override %s", r ? r : "(null)");
    arrears_string_free(r);
}

static void expect_error(ArrearsStatus st, ArrearsStatus want, const char *code, const char *field, const char *what) {
    CHECK(st == want, "%s: status %d, want %d (%s)", what, st, want, arrears_last_error_message());
    CHECK(streq(arrears_last_error_code(), code), "%s: code %s, want %s", what, arrears_last_error_code(), code);
    CHECK(streq(arrears_last_error_field(), field), "%s: field %s, want %s", what, arrears_last_error_field(), field);
    CHECK(arrears_last_error_message() != NULL && strstr(arrears_last_error_message(), field) != NULL,
          "%s: message names the field: %s", what, arrears_last_error_message());
}

static void test_errors(void) {
    ArrearsTermLine balance[] = {{ARREARS_LINE_BALANCE, NULL, NULL, 0}};
    ArrearsSchedule *s = (ArrearsSchedule *)1;
    expect_error(arrears_schedule(NULL, "EUR", "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_NULL_POINTER,
                 "null_pointer", "total", "NULL total");
    CHECK(s == NULL, "out is NULL after a failure");
    expect_error(arrears_schedule("1,000", "EUR", "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_INVALID_AMOUNT,
                 "invalid_amount", "total", "thousands separator");
    CHECK(streq(arrears_last_error_value(), "1,000"), "value is reported");
    expect_error(arrears_schedule("1.00", "EUX", "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_UNKNOWN_CURRENCY,
                 "unknown_currency", "currency", "unknown currency");
    expect_error(arrears_schedule("1.00", "EUR", "2026-02-30", balance, 1, 0, NULL, &s), ARREARS_INVALID_DATE,
                 "invalid_date", "base_date", "Feb 30");
    const char bad_utf8[] = {'E', (char)0xff, 'R', 0};
    expect_error(arrears_schedule("1.00", bad_utf8, "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_INVALID_UTF8,
                 "invalid_utf8", "currency", "invalid UTF-8");
    ArrearsTermLine over[] = {{ARREARS_LINE_PERCENT, "60", NULL, 0}, {ARREARS_LINE_PERCENT, "60", NULL, 0}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", over, 2, 0, NULL, &s), ARREARS_INVALID_TERMS,
                 "invalid_terms", "terms.lines", "percents over 100");
    ArrearsTermLine pct[] = {{ARREARS_LINE_PERCENT, "150", NULL, 0}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", pct, 1, 0, NULL, &s), ARREARS_INVALID_TERMS,
                 "invalid_terms", "terms.lines[0].value", "percent 150");
    ArrearsStep bad_step[] = {{42, 1}};
    ArrearsTermLine bad_rule[] = {{ARREARS_LINE_BALANCE, NULL, bad_step, 1}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", bad_rule, 1, 0, NULL, &s), ARREARS_INVALID_RULE,
                 "invalid_rule", "terms.lines[0].due[0]", "unknown step kind");
    ArrearsTermLine bad_kind[] = {{9, NULL, NULL, 0}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", bad_kind, 1, 0, NULL, &s), ARREARS_INVALID_TERMS,
                 "invalid_terms", "terms.lines[0].kind", "unknown line kind");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, 1, 7, NULL, &s), ARREARS_INVALID_RULE,
                 "invalid_rule", "terms.adjustment", "unknown adjustment");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", NULL, 3, 0, NULL, &s), ARREARS_NULL_POINTER,
                 "null_pointer", "terms.lines", "NULL lines with a length");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, 1, 0, NULL, NULL), ARREARS_NULL_POINTER,
                 "null_pointer", "out", "NULL out");
    ArrearsScheduleOptions opt = arrears_schedule_options_default();
    opt.rounding = 99;
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, 1, 0, &opt, &s), ARREARS_INVALID_ROUNDING,
                 "invalid_rounding", "rounding", "unknown rounding mode");
    char date[11];
    ArrearsCalendar all_week = {0x7f, NULL, 0};
    expect_error(arrears_due_date("2026-01-01", NULL, 0, ARREARS_ADJUSTMENT_FOLLOWING, &all_week, date),
                 ARREARS_INVALID_RULE, "invalid_rule", "calendar.weekend", "seven weekend days");
    ArrearsStep past[] = {{ARREARS_STEP_ADD_DAYS, 1}};
    expect_error(arrears_due_date("9999-12-31", past, 1, 0, NULL, date), ARREARS_DATE_OUT_OF_RANGE,
                 "date_out_of_range", "steps[0]", "past 9999");
    char *out = (char *)1;
    expect_error(arrears_call_json("schedule", "{not json", &out), ARREARS_INVALID_REQUEST, "invalid_request",
                 "request", "malformed JSON");
    CHECK(out == NULL, "no response after a failure");
    expect_error(arrears_call_json(NULL, "{}", &out), ARREARS_NULL_POINTER, "null_pointer", "op", "NULL op");
    /* a success clears the last error */
    CHECK(arrears_call_json("version", "{}", &out) == ARREARS_OK && arrears_last_error_message() == NULL,
          "success clears the error");
    arrears_string_free(out);
    /* freeing NULL is a no-op */
    arrears_string_free(NULL);
    arrears_schedule_free(NULL);
    passed++;
}

static void test_version(void) {
    CHECK(streq(arrears_version(), EXPECTED_VERSION), "version %s, want %s", arrears_version(), EXPECTED_VERSION);
    CHECK(streq(ARREARS_VERSION, EXPECTED_VERSION), "ARREARS_VERSION %s", ARREARS_VERSION);
}

/* Shared vectors: tab-separated lines `id op request ok response` or `id op request error code field`. */
static void test_vectors(const char *path) {
    FILE *f = fopen(path, "r");
    CHECK(f != NULL, "open %s", path);
    if (f == NULL) return;
    size_t cap = 1 << 16;
    char *line = malloc(cap);
    int cases = 0;
    while (fgets(line, (int)cap, f) != NULL) {
        size_t n = strlen(line);
        if (n > 0 && line[n - 1] == '\n') line[--n] = 0;
        if (n == 0 || line[0] == '#') continue;
        char *cols[6] = {0};
        int k = 0;
        for (char *p = line; k < 6 && p != NULL; k++) {
            cols[k] = p;
            p = strchr(p, '\t');
            if (p) *p++ = 0;
        }
        cases++;
        char *out = NULL;
        ArrearsStatus st = arrears_call_json(cols[1], cols[2], &out);
        if (streq(cols[3], "ok")) {
            CHECK(st == ARREARS_OK && streq(out, cols[4]), "vector %s: got %s (%s)\n  want %s", cols[0],
                  out ? out : "(null)", st ? arrears_last_error_message() : "", cols[4]);
        } else {
            CHECK(st != ARREARS_OK && streq(arrears_last_error_code(), cols[4]) &&
                      streq(arrears_last_error_field(), cols[5]),
                  "vector %s: want error %s at '%s', got status %d %s at '%s'", cols[0], cols[4], cols[5], st,
                  arrears_last_error_code(), arrears_last_error_field());
        }
        arrears_string_free(out);
    }
    free(line);
    fclose(f);
    CHECK(cases > 100, "vectors loaded: %d", cases);
    printf("shared vectors: %d cases\n", cases);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS_TSV\n", argv[0]);
        return 2;
    }
    test_version();
    test_readme_schedule();
    test_options_and_calendar();
    test_errors();
    test_vectors(argv[1]);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
