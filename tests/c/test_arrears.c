/* C tests of libarrears: the typed API, errors at the boundary, and the shared vectors.
 * Usage: test_arrears VECTORS_TSV   (built and run under valgrind by tests/c/test.sh) */
#include <stdint.h>
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
    /* an impossible count is refused before anything is read or allocated (not an abort) */
    const char *one_holiday[] = {"2026-12-25"};
    ArrearsCalendar huge = {ARREARS_WEEKEND_SAT_SUN, one_holiday, SIZE_MAX / 2};
    expect_error(arrears_due_date("2026-01-01", NULL, 0, ARREARS_ADJUSTMENT_FOLLOWING, &huge, date),
                 ARREARS_LIMIT_EXCEEDED, "limit_exceeded", "calendar.holidays", "SIZE_MAX / 2 holidays");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, SIZE_MAX / 4, 0, NULL, &s), ARREARS_LIMIT_EXCEEDED,
                 "limit_exceeded", "terms.lines", "SIZE_MAX / 4 term lines");
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

/* ---- late interest ---- */

/* Formats minor units at `scale` decimals as a decimal string ("-12.05", "1500"). */
static void minor_text(char *buf, size_t cap, long long v, unsigned scale) {
    unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v, p = 1;
    for (unsigned k = 0; k < scale; k++) p *= 10;
    if (scale == 0) snprintf(buf, cap, "%s%llu", v < 0 ? "-" : "", a);
    else snprintf(buf, cap, "%s%llu.%0*llu", v < 0 ? "-" : "", a / p, (int)scale, a % p);
}

#define IN_N 300
#define IN_M 400

/* One claim: the breakdown, a flat rule equal to its JSON form, and typed errors. */
static void test_interest(void) {
    /* one claim at a fixed rate, with a payment mid-period: the breakdown sums to the total */
    ArrearsInterestRule rule = arrears_interest_rule_fixed("10.25");
    const char *dates[] = {"2025-03-11"}, *amounts[] = {"200.00"};
    ArrearsInterest *r = NULL;
    ArrearsStatus st =
        arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", dates, amounts, 1, &rule, NULL, NULL, &r);
    CHECK(st == ARREARS_OK, "interest %d %s", st, arrears_last_error_message());
    if (r != NULL) {
        CHECK(streq(r->interest, "7.30") && r->status == ARREARS_INTEREST_CHARGED && r->days_late == 30 &&
                  streq(r->principal, "800.00") && streq(r->currency, "EUR") && r->periods_len == 2,
              "interest %s status %d days %lld periods %zu", r->interest, r->status, (long long)r->days_late,
              r->periods_len);
        CHECK(r->periods_len == 2 && streq(r->periods[0].from, "2025-03-02") && streq(r->periods[0].to, "2025-03-11") &&
                  r->periods[0].days == 10 && streq(r->periods[0].interest, "2.81") &&
                  streq(r->periods[1].principal, "800.00") && streq(r->periods[1].interest, "4.49") &&
                  r->periods[1].day_basis == 365 && r->periods[1].day_count == ARREARS_DAY_COUNT_ACT_365,
              "breakdown");
    }
    arrears_interest_free(r);
    arrears_interest_free(NULL);

    /* the same rule as JSON; a flat act/360 rule equals its JSON form */
    r = NULL;
    st = arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", dates, amounts, 1, NULL,
                          "{\"rate\": \"10.25\"}", NULL, &r);
    CHECK(st == ARREARS_OK && r != NULL && streq(r->interest, "7.30"), "rule_json");
    arrears_interest_free(r);
    ArrearsInterestRule r360 = arrears_interest_rule_fixed("8");
    r360.day_count = ARREARS_DAY_COUNT_ACT_360;
    r360.grace_days = 5;
    ArrearsInterest *a = NULL, *b = NULL;
    CHECK(arrears_interest("5000.00", "EUR", "2025-01-31", NULL, "2025-12-31", NULL, NULL, 0, &r360, NULL, NULL, &a) ==
                  ARREARS_OK &&
              arrears_interest("5000.00", "EUR", "2025-01-31", NULL, "2025-12-31", NULL, NULL, 0, NULL,
                               "{\"rate\": \"8\", \"day_count\": \"act/360\", \"grace_days\": 5}", NULL, &b) == ARREARS_OK,
          "act/360 %s", arrears_last_error_message());
    CHECK(a != NULL && b != NULL && streq(a->interest, b->interest) && a->periods_len == 1 &&
              a->periods[0].day_basis == 360 && a->periods[0].day_count == ARREARS_DAY_COUNT_ACT_360,
          "flat rule = JSON rule: %s %s", a ? a->interest : "", b ? b->interest : "");
    arrears_interest_free(a);
    arrears_interest_free(b);

    /* a reference table with a gap, an overlap, one that does not cover the period; typed errors */
    ArrearsInterest *none = (ArrearsInterest *)1;
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", "2025-02-01", "2025-03-31", (const char *[]){"2025-01-31"},
                                  (const char *[]){"100.00"}, 1, &rule, NULL, NULL, &none),
                 ARREARS_INVALID_DATE, "invalid_date", "payment_dates[0]", "payment before the invoice date");
    CHECK(none == NULL && streq(arrears_last_error_value(), "2025-01-31"), "out NULL, value named");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", dates, (const char *[]){"-100.00"}, 1,
                                  &rule, NULL, NULL, &none),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "payment_amounts[0]", "negative payment");
    ArrearsInterestRule too_high = arrears_interest_rule_fixed("1000.01");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &too_high, NULL, NULL,
                                  &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.rate", "rate above 1000 %");
    CHECK(streq(arrears_last_error_value(), "1000.01"), "rate named: %s", arrears_last_error_value());
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL,
                                  "{\"rate\": \"-100.5\"}", NULL, &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.rate", "rate below -100 % (JSON)");
    const char *gap = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-01-01\", \"to\": \"2025-01-30\", "
                      "\"rate\": \"3\"}, {\"from\": \"2025-02-01\", \"rate\": \"2\"}]}}}";
    const char *overlap = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-01-01\", \"to\": \"2025-02-15\", "
                          "\"rate\": \"3\"}, {\"from\": \"2025-02-01\", \"rate\": \"2\"}]}}}";
    const char *late = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-03-15\", \"rate\": \"3\"}]}}}";
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, gap, NULL, &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates[1].from", "rate table gap");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, overlap, NULL,
                                  &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates[1].from", "rate table overlap");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, late, NULL, &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates", "rate table not covering");
    CHECK(streq(arrears_last_error_value(), "2025-03-02"), "first day without a rate: %s", arrears_last_error_value());
    ArrearsInterestRule bad_dc = arrears_interest_rule_fixed("5");
    bad_dc.day_count = 9;
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &bad_dc, NULL, NULL,
                                  &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.day_count", "unknown day count");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, NULL, NULL, &none),
                 ARREARS_NULL_POINTER, "null_pointer", "rule", "no rule");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &rule, "{}", NULL, &none),
                 ARREARS_INVALID_REQUEST, "invalid_request", "rule", "two rules");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &rule, NULL, NULL, NULL),
                 ARREARS_NULL_POINTER, "null_pointer", "out", "NULL out");
    /* unknown presets and a payment in another currency: through arrears_call_json (the vectors) */
    char *json = NULL;
    expect_error(arrears_call_json("interest",
                                   "{\"principal\": \"1000.00\", \"currency\": \"EUR\", \"due_date\": \"2025-03-01\", "
                                   "\"as_of\": \"2025-03-31\", \"rule\": {\"rate\": \"10\"}, \"events\": [{\"date\": "
                                   "\"2025-03-10\", \"amount\": \"100.00\", \"currency\": \"USD\"}]}",
                                   &json),
                 ARREARS_INVALID_REQUEST, "invalid_request", "events[0].currency", "payment in another currency");
    CHECK(json == NULL, "no output after a failure");
    expect_error(arrears_call_json("interest",
                                   "{\"principal\": \"1000.00\", \"currency\": \"EUR\", \"due_date\": \"2025-03-01\", "
                                   "\"as_of\": \"2025-03-31\", \"preset\": {\"name\": \"de_288\", \"reference_rates\": "
                                   "{\"rates\": [{\"from\": \"2025-01-01\", \"rate\": \"2.27\"}]}}}",
                                   &json),
                 ARREARS_INVALID_RULE, "invalid_rule", "preset.name", "unknown preset");
    CHECK(streq(arrears_last_error_value(), "de_288"), "the preset is named: %s", arrears_last_error_value());
    /* a preset and a fee through arrears_call_json */
    CHECK(arrears_call_json("late_fee", "{\"principal\": \"1000.00\", \"currency\": \"GBP\", \"preset\": \"uk_late_payment\"}",
                            &json) == ARREARS_OK &&
              streq(json, "{\"fee\":\"70.00\"}"),
          "late_fee %s", json ? json : arrears_last_error_message());
    arrears_string_free(json);

}

/* The batch over plain arrays: every invoice equals arrears_interest on the same claim. */
static void test_interest_batch(void) {
    ArrearsInterestRule rule = arrears_interest_rule_fixed("10.25"), too_high = arrears_interest_rule_fixed("1000.01");
    const char *gap = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-01-01\", \"to\": \"2025-01-30\", "
                      "\"rate\": \"3\"}, {\"from\": \"2025-02-01\", \"rate\": \"2\"}]}}}";
    ArrearsStatus st;
    static int32_t due[IN_N], issue[IN_N], pdate[IN_M];
    static int64_t amount[IN_N], pamount[IN_M];
    static uint16_t currency[IN_N];
    static uint32_t pinv[IN_M];
    const char *codes[] = {"EUR", "JPY"};
    int32_t as_of;
    arrears_day_number("2026-06-30", &as_of);
    unsigned x = 4242;
    for (int i = 0; i < IN_N; i++) {
        x = x * 1103515245u + 12345u;
        currency[i] = (uint16_t)(i % 4 == 0);
        due[i] = as_of - 500 + (int32_t)((x >> 8) % 560); /* some not due yet */
        issue[i] = due[i] - 30;
        amount[i] = (int64_t)((x >> 5) % 5000000) + (i % 17 == 0 ? 0 : 1);
    }
    for (int j = 0; j < IN_M; j++) {
        x = x * 1103515245u + 12345u;
        uint32_t i = (x >> 7) % IN_N;
        pinv[j] = j % 23 == 0 ? UINT32_MAX : i;
        pdate[j] = issue[i] + (int32_t)((x >> 11) % 400);
        pamount[j] = (int64_t)((x >> 3) % (uint64_t)(amount[i] / 2 + 2)) + 1;
    }
    ArrearsInterestRule brule = arrears_interest_rule_fixed("9.12");
    brule.grace_days = 3;
    ArrearsInterestOptions opts = arrears_interest_options_default();
    opts.threads = 2;
    ArrearsInterestBatch *bt = NULL;
    st = arrears_interest_batch(&brule, NULL, "2026-06-30", codes, 2, due, amount, currency, issue, IN_N, NULL, 0, pinv, pdate,
                                pamount, IN_M, &opts, &bt);
    CHECK(st == ARREARS_OK, "interest batch %d %s", st, arrears_last_error_message());
    if (bt != NULL) {
        CHECK(bt->invoices == IN_N && bt->scales_len == 2 && bt->scales[0] == 2 && bt->scales[1] == 0 && bt->periods == 0 &&
                  bt->period_offsets == NULL,
              "batch header");
        int mismatches = 0, charged = 0;
        for (int i = 0; i < IN_N; i++) {
            unsigned sc = bt->scales[currency[i]];
            const char *pd[IN_M], *pa[IN_M];
            static char pdbuf[IN_M][11], pabuf[IN_M][32];
            size_t k = 0;
            for (int j = 0; j < IN_M; j++) {
                if (pinv[j] != (uint32_t)i) continue;
                arrears_date_of_day_number(pdate[j], pdbuf[k]);
                minor_text(pabuf[k], sizeof pabuf[k], pamount[j], sc);
                pd[k] = pdbuf[k];
                pa[k] = pabuf[k];
                k++;
            }
            char principal[32], due_s[11], issue_s[11], want[32];
            minor_text(principal, sizeof principal, amount[i], sc);
            arrears_date_of_day_number(due[i], due_s);
            arrears_date_of_day_number(issue[i], issue_s);
            ArrearsInterest *one = NULL;
            st = arrears_interest(principal, codes[currency[i]], due_s, issue_s, "2026-06-30", pd, pa, k, &brule, NULL, NULL,
                                  &one);
            minor_text(want, sizeof want, bt->interest[i], sc);
            if (st != ARREARS_OK || !streq(one->interest, want) || one->status != bt->status[i]) {
                if (mismatches++ < 5)
                    fprintf(stderr, "invoice %d: batch %s status %d, one by one %s status %d (%s)\n", i, want,
                            bt->status[i], one ? one->interest : "-", one ? one->status : -1,
                            st ? arrears_last_error_message() : "");
            }
            charged += bt->status[i] == ARREARS_INTEREST_CHARGED;
            arrears_interest_free(one);
        }
        CHECK(mismatches == 0, "batch = one by one (%d mismatches)", mismatches);
        CHECK(charged > IN_N / 3, "most invoices are charged (%d)", charged);
    }
    /* selected rows: one result per row, equal to the whole batch's */
    uint32_t pick[] = {3, 10, 150, 299};
    ArrearsInterestBatch *sel = NULL;
    st = arrears_interest_batch(&brule, NULL, "2026-06-30", codes, 2, due, amount, currency, issue, IN_N, pick, 4, pinv,
                                pdate, pamount, IN_M, &opts, &sel);
    CHECK(st == ARREARS_OK && sel != NULL && sel->invoices == 4, "rows %s", arrears_last_error_message());
    if (sel != NULL && bt != NULL) {
        for (int k = 0; k < 4; k++)
            CHECK(sel->interest[k] == bt->interest[pick[k]] && sel->status[k] == bt->status[pick[k]], "row %u", pick[k]);
    }
    arrears_interest_batch_free(sel);
    uint32_t unsorted[] = {10, 3};
    expect_error(arrears_interest_batch(&brule, NULL, "2026-06-30", codes, 2, due, amount, currency, issue, IN_N, unsorted, 2,
                                        NULL, NULL, NULL, 0, NULL, &sel),
                 ARREARS_INVALID_REQUEST, "invalid_request", "rows[1]", "rows not ascending");

    /* payments by invoice id: arrears_match_payments finds the rows pay_invoice holds */
    static int32_t inv_off[IN_N + 1], pay_off[IN_M + 1];
    static uint8_t inv_ids[IN_N * 8], pay_ids[IN_M * 8];
    static uint32_t found[IN_M];
    for (int i = 0; i < IN_N; i++) {
        inv_off[i + 1] = inv_off[i] + snprintf((char *)inv_ids + inv_off[i], 8, "I%d", i);
    }
    for (int j = 0; j < IN_M; j++) {
        int len = pinv[j] == UINT32_MAX ? snprintf((char *)pay_ids + pay_off[j], 8, "CLOSED") :
                                          snprintf((char *)pay_ids + pay_off[j], 8, "I%u", pinv[j]);
        pay_off[j + 1] = pay_off[j] + len;
    }
    st = arrears_match_payments(inv_off, inv_ids, (size_t)inv_off[IN_N], IN_N, pay_off, pay_ids, (size_t)pay_off[IN_M],
                                IN_M, NULL, 0, true, 0, found);
    CHECK(st == ARREARS_OK && memcmp(found, pinv, sizeof found) == 0, "match by id = the rows %s",
          st ? arrears_last_error_message() : "");
    expect_error(arrears_match_payments(inv_off, inv_ids, (size_t)inv_off[IN_N], IN_N, pay_off, pay_ids,
                                        (size_t)pay_off[IN_M], IN_M, NULL, 0, false, 0, found),
                 ARREARS_INVALID_REQUEST, "invalid_request", "payments[0].invoice_id", "a payment on no invoice");
    CHECK(streq(arrears_last_error_value(), "CLOSED"), "the id is named: %s", arrears_last_error_value());
    expect_error(arrears_match_payments(inv_off, inv_ids, 3, IN_N, pay_off, pay_ids, (size_t)pay_off[IN_M], IN_M, NULL, 0,
                                        true, 0, found),
                 ARREARS_INVALID_REQUEST, "invalid_request", "invoice_id_offsets[2]", "offsets past the data");

    /* with the breakdown: each invoice's lines sum to its interest */
    opts.breakdown = true;
    ArrearsInterestBatch *bd = NULL;
    st = arrears_interest_batch(&brule, NULL, "2026-06-30", codes, 2, due, amount, currency, issue, IN_N, NULL, 0, pinv, pdate,
                                pamount, IN_M, &opts, &bd);
    CHECK(st == ARREARS_OK && bd != NULL && bd->period_offsets != NULL, "breakdown batch %s", arrears_last_error_message());
    if (bd != NULL && bt != NULL && bd->period_offsets != NULL) {
        int bad = 0;
        for (int i = 0; i < IN_N; i++) {
            int64_t sum = 0;
            for (uint32_t k = bd->period_offsets[i]; k < bd->period_offsets[i + 1]; k++) sum += bd->period_interest[k];
            bad += sum != bt->interest[i] || bd->interest[i] != bt->interest[i];
        }
        CHECK(bad == 0 && bd->period_offsets[IN_N] == bd->periods, "breakdown sums (%d bad)", bad);
    }
    arrears_interest_batch_free(bd);
    arrears_interest_batch_free(bt);
    arrears_interest_batch_free(NULL);

    /* batch errors name the first bad row */
    ArrearsInterestBatch *nb = (ArrearsInterestBatch *)1;
    int32_t d1[] = {20000, 20010};
    int64_t a1[] = {10000, 5000};
    uint16_t c1[] = {0, 0};
    int32_t i1[] = {19990, 20000};
    uint32_t pi[] = {1};
    int32_t pd1[] = {19995};
    int64_t pa1[] = {100}, neg[] = {-100};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c1, i1, 2, NULL, 0, pi, pd1, pa1, 1, NULL, &nb),
                 ARREARS_INVALID_DATE, "invalid_date", "payments[0].date", "batch: payment before its invoice");
    CHECK(nb == NULL, "out NULL after a failure");
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, pi, pd1, neg, 1, NULL, &nb),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "payments[0].amount", "batch: negative payment");
    int64_t a_neg[] = {10000, -5};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a_neg, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0,
                                        NULL, &nb),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "invoices[1].amount", "batch: negative amount");
    uint16_t c_bad[] = {0, 2};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c_bad, NULL, 2, NULL, 0, NULL, NULL, NULL, 0,
                                        NULL, &nb),
                 ARREARS_INVALID_REQUEST, "invalid_request", "invoices[1].currency", "batch: currency index");
    uint32_t pi_bad[] = {7};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, pi_bad, pd1, pa1, 1, NULL,
                                        &nb),
                 ARREARS_INVALID_REQUEST, "invalid_request", "payments[0].invoice", "batch: no such invoice");
    expect_error(arrears_interest_batch(&too_high, NULL, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0,
                                        NULL, &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.rate", "batch: rate above 1000 %");
    expect_error(arrears_interest_batch(NULL, gap, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0, NULL,
                                        &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates[1].from", "batch: rate table gap");
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, NULL, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0, NULL,
                                        &nb),
                 ARREARS_NULL_POINTER, "null_pointer", "due_date", "batch: NULL column");
    /* a rate table that does not cover an invoice's days: the rule's field, as arrears_interest names it */
    const char *late = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-03-20\", \"rate\": \"3\"}]}}}";
    expect_error(arrears_interest_batch(NULL, late, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0, NULL,
                                        &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates", "batch: table not covering an invoice");
    CHECK(strstr(arrears_last_error_message(), "invoices[0]") != NULL, "names the invoice: %s", arrears_last_error_message());
}

/* the batch under a statutory preset: DE § 288 (2), the version by each invoice's date */
static void test_interest_batch_preset(void) {
    const char *de = "{\"name\": \"de_288_b2b\", \"reference_rates\": {\"rates\": [{\"from\": \"2024-01-01\", "
                     "\"rate\": \"3.62\"}, {\"from\": \"2024-07-01\", \"rate\": \"3.37\"}]}}";
    const char *codes[] = {"EUR"};
    int32_t due[2], issue[2], pdate[1], v_old, v_new;
    CHECK(arrears_day_number("2024-05-31", &due[0]) == ARREARS_OK && arrears_day_number("2024-05-31", &due[1]) == ARREARS_OK &&
              arrears_day_number("2024-05-01", &issue[0]) == ARREARS_OK &&
              arrears_day_number("2014-07-01", &issue[1]) == ARREARS_OK &&
              arrears_day_number("2024-08-15", &pdate[0]) == ARREARS_OK &&
              arrears_day_number("2014-07-29", &v_new) == ARREARS_OK && arrears_day_number("2002-01-01", &v_old) == ARREARS_OK,
          "day numbers");
    int64_t amount[] = {1000000, 1000000}, pamount[] = {400000};
    uint16_t currency[] = {0, 0};
    uint32_t pinv[] = {0};
    ArrearsInterestBatch *b = NULL;
    ArrearsStatus st = arrears_interest_batch_preset(de, "2024-12-31", codes, 1, due, amount, currency, issue, 2, NULL, 0, pinv,
                                                     pdate, pamount, 1, NULL, &b);
    CHECK(st == ARREARS_OK, "batch preset %d %s", st, arrears_last_error_message());
    if (b != NULL) {
        /* 540.23 as the `interest` operation gives it (see the core's charges docs); the second at base + 8 */
        CHECK(b->invoices == 2 && b->interest[0] == 54023 && b->version != NULL && b->version[0] == v_new &&
                  b->version[1] == v_old,
              "batch preset: %lld %lld", (long long)b->interest[0], (long long)b->interest[1]);
        const char *req = "{\"principal\": \"10000.00\", \"currency\": \"EUR\", \"due_date\": \"2024-05-31\", "
                          "\"invoice_date\": \"2014-07-01\", \"as_of\": \"2024-12-31\", \"preset\": {\"name\": "
                          "\"de_288_b2b\", \"reference_rates\": {\"rates\": [{\"from\": \"2024-01-01\", \"rate\": "
                          "\"3.62\"}, {\"from\": \"2024-07-01\", \"rate\": \"3.37\"}]}}}";
        char *one = NULL;
        CHECK(arrears_call_json("interest", req, &one) == ARREARS_OK && one != NULL, "interest preset");
        char want[64];
        snprintf(want, sizeof want, "\"interest\":\"%lld.%02lld\"", (long long)(b->interest[1] / 100), (long long)(b->interest[1] % 100));
        CHECK(one != NULL && strstr(one, want) != NULL, "batch = object API: %s in %s", want, one ? one : "");
        arrears_string_free(one);
    }
    arrears_interest_batch_free(b);
    ArrearsInterestBatch *nb = (ArrearsInterestBatch *)1;
    expect_error(arrears_interest_batch_preset(de, "2024-12-31", codes, 1, due, amount, currency, NULL, 2, NULL, 0, NULL, NULL, NULL,
                                               0, NULL, &nb),
                 ARREARS_INVALID_REQUEST, "invalid_request", "preset.obligation_date", "batch preset: no date for the version");
    CHECK(nb == NULL, "out NULL after a failure");
    expect_error(arrears_interest_batch_preset("{\"name\": \"xx\", \"reference_rates\": {\"rates\": []}}", "2024-12-31", codes,
                                               1, due, amount, currency, issue, 2, NULL, 0, NULL, NULL, NULL, 0, NULL, &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "preset.reference_rates.rates", "batch preset: empty table");
}

/* ---- columnar aging ---- */

/* Formats minor units at scale 2 as a decimal string ("-12.05"). */
static void money2(char *buf, size_t cap, long long v) {
    unsigned long long a = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    snprintf(buf, cap, "%s%llu.%02llu", v < 0 ? "-" : "", a / 100, a % 100);
}

/* Appends to a growing string. */
static void append(char **s, size_t *len, size_t *cap, const char *t) {
    size_t n = strlen(t);
    while (*len + n + 1 > *cap) {
        *cap *= 2;
        *s = realloc(*s, *cap);
    }
    memcpy(*s + *len, t, n + 1);
    *len += n;
}

#define AG_N 60
static uint32_t ag_customer[AG_N];
static uint16_t ag_currency[AG_N];
static int32_t ag_due[AG_N], ag_issue[AG_N];
static int64_t ag_amount[AG_N];
static uint8_t ag_disputed[AG_N];
static const char *ag_codes[] = {"EUR", "USD"};

static void aging_data(int32_t as_of) {
    unsigned x = 12345;
    for (int i = 0; i < AG_N; i++) {
        x = x * 1103515245u + 12345u;
        ag_customer[i] = (x >> 8) % 5;
        ag_currency[i] = (uint16_t)((x >> 12) % 2);
        ag_due[i] = as_of - 20 + (int32_t)((x >> 4) % 160) - 40; /* from 60 days ahead to 120 past due */
        ag_issue[i] = ag_due[i] - 30;
        ag_amount[i] = (int64_t)((x >> 3) % 100000) - (i % 7 == 0 ? 100000 : 0); /* some credits */
        ag_disputed[i] = (uint8_t)(i % 9 == 0);
    }
}

/* The JSON aging request for the same items ("C<key>" names sort like the keys). */
static char *aging_request(const char *as_of, const char *extra) {
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    s[0] = 0;
    char buf[256], amt[40], due[11];
    snprintf(buf, sizeof buf, "{\"as_of\":\"%s\"%s,\"items\":[", as_of, extra);
    append(&s, &len, &cap, buf);
    for (int i = 0; i < AG_N; i++) {
        money2(amt, sizeof amt, ag_amount[i]);
        arrears_date_of_day_number(ag_due[i], due);
        snprintf(buf, sizeof buf, "%s{\"customer\":\"C%u\",\"currency\":\"%s\",\"due_date\":\"%s\",\"amount\":\"%s\"%s}",
                 i ? "," : "", ag_customer[i], ag_codes[ag_currency[i]], due, amt,
                 ag_disputed[i] ? ",\"disputed\":true" : "");
        append(&s, &len, &cap, buf);
    }
    append(&s, &len, &cap, "]}");
    return s;
}

/* The rows of a typed result in the JSON op's canonical form: "rows":[...] */
static char *aging_rows_json(const ArrearsAging *a) {
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    s[0] = 0;
    char buf[256], amt[40];
    append(&s, &len, &cap, "\"rows\":[");
    for (size_t r = 0; r < a->rows; r++) {
        append(&s, &len, &cap, r ? ",{\"buckets\":[" : "{\"buckets\":[");
        for (size_t c = 0; c < a->columns; c++) {
            money2(amt, sizeof amt, a->cells[r * a->columns + c]);
            snprintf(buf, sizeof buf, "%s\"%s\"", c ? "," : "", amt);
            append(&s, &len, &cap, buf);
        }
        char dis[40], tot[40];
        money2(dis, sizeof dis, a->disputed[r]);
        money2(tot, sizeof tot, a->total[r]);
        snprintf(buf, sizeof buf, "],\"currency\":\"%s\",\"customer\":\"C%u\",\"disputed\":\"%s\",\"items\":%lld,\"total\":\"%s\"}",
                 a->currencies[a->currency[r]], a->customer[r], dis, (long long)a->items[r], tot);
        append(&s, &len, &cap, buf);
    }
    append(&s, &len, &cap, "]");
    return s;
}

static void check_aging_against_json(const ArrearsAging *a, const char *as_of, const char *extra, const char *what) {
    char *req = aging_request(as_of, extra), *resp = NULL;
    ArrearsStatus st = arrears_call_json("aging", req, &resp);
    CHECK(st == ARREARS_OK, "%s: aging op %d %s", what, st, arrears_last_error_message());
    char *rows = aging_rows_json(a);
    CHECK(resp != NULL && strstr(resp, rows) != NULL, "%s: typed rows equal the JSON op's\n  typed %s\n  json  %s", what,
          rows, resp ? resp : "(null)");
    /* totals: per currency, the typed totals match the JSON op's (prefix up to percent_current) */
    for (size_t t = 0; t < a->totals_len; t++) {
        size_t cap = 1024, len = 0;
        char *want = malloc(cap), buf[128], amt[40];
        want[0] = 0;
        append(&want, &len, &cap, "{\"buckets\":[");
        for (size_t c = 0; c < a->columns; c++) {
            money2(amt, sizeof amt, a->totals_cells[t * a->columns + c]);
            snprintf(buf, sizeof buf, "%s\"%s\"", c ? "," : "", amt);
            append(&want, &len, &cap, buf);
        }
        money2(amt, sizeof amt, a->totals_disputed[t]);
        snprintf(buf, sizeof buf, "],\"currency\":\"%s\",\"disputed\":\"%s\",\"items\":%lld,",
                 a->currencies[a->totals_currency[t]], amt, (long long)a->totals_items[t]);
        append(&want, &len, &cap, buf);
        money2(amt, sizeof amt, a->totals_total[t]);
        snprintf(buf, sizeof buf, "\"total\":\"%s\"}", amt);
        CHECK(resp != NULL && strstr(resp, want) != NULL && strstr(strstr(resp, want), buf) != NULL,
              "%s: totals[%zu] %s ... %s in %s", what, t, want, buf, resp ? resp : "(null)");
        free(want);
    }
    free(rows);
    free(req);
    arrears_string_free(resp);
}

static void test_aging(void) {
    int32_t as_of = 0;
    CHECK(arrears_day_number("2026-11-24", &as_of) == ARREARS_OK && as_of == 20781, "day number %d", as_of);
    char back[11];
    CHECK(arrears_date_of_day_number(as_of, back) == ARREARS_OK && streq(back, "2026-11-24"), "date %s", back);
    expect_error(arrears_day_number("2026-02-29", &as_of), ARREARS_INVALID_DATE, "invalid_date", "date", "Feb 29 2026");
    expect_error(arrears_date_of_day_number(INT32_MAX, back), ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "day",
                 "day past 9999-12-31");
    expect_error(arrears_day_number("2026-01-01", NULL), ARREARS_NULL_POINTER, "null_pointer", "out_day", "NULL out_day");
    as_of = 20781;
    aging_data(as_of);

    ArrearsAgingSpec spec = arrears_aging_spec_default();
    spec.as_of_date = "2026-11-24";
    ArrearsAging *a = NULL;
    /* An impossible count (more bytes than any array can have) is refused before a slice is made. */
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, SIZE_MAX / 2, 2,
                               &spec, &a),
                 ARREARS_LIMIT_EXCEEDED, "limit_exceeded", "customer", "n = SIZE_MAX / 2");
    CHECK(a == NULL, "no result on an impossible count");
    ArrearsStatus st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, ag_disputed, AG_N, 2,
                                     &spec, &a);
    CHECK(st == ARREARS_OK, "aging %d %s", st, arrears_last_error_message());
    if (a == NULL) return;
    CHECK(a->columns == 5 && streq(a->labels[0], "not_due") && streq(a->labels[4], "90+"), "labels %zu", a->columns);
    CHECK(a->as_of == as_of && a->scale == 2 && a->currencies_len == 2, "header");
    long long items = 0, sum = 0, rowsum = 0;
    for (size_t r = 0; r < a->rows; r++) {
        items += a->items[r];
        rowsum += a->total[r];
        long long cells = 0;
        for (size_t c = 0; c < a->columns; c++) cells += a->cells[r * a->columns + c];
        CHECK(cells == a->total[r], "row %zu: cells sum to the total", r);
        if (r > 0) CHECK(a->customer[r] >= a->customer[r - 1], "rows sorted by customer");
    }
    for (int i = 0; i < AG_N; i++) sum += ag_amount[i];
    CHECK(items == AG_N && rowsum == sum, "every item counted once: %lld items, %lld vs %lld", items, rowsum, sum);
    check_aging_against_json(a, "2026-11-24", "", "standard buckets");
    /* several threads give the same table (the threads path runs under valgrind too) */
    ArrearsAgingSpec threaded = spec;
    threaded.threads = 4;
    ArrearsAging *t4 = NULL;
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, ag_disputed, AG_N, 2, &threaded,
                       &t4);
    CHECK(st == ARREARS_OK && t4 != NULL && t4->rows == a->rows &&
              memcmp(t4->cells, a->cells, a->rows * a->columns * sizeof(int64_t)) == 0 &&
              memcmp(t4->customer, a->customer, a->rows * sizeof(uint32_t)) == 0,
          "4 threads = default threads");
    arrears_aging_free(t4);

    /* custom buckets, folded not-due, separate credits, by issue date, 1 thread */
    int32_t bounds[] = {15, 45, 75, 120};
    const char *labels[] = {"le15", "le45", "le75", "le120", "over120"};
    ArrearsAgingSpec custom = arrears_aging_spec_default();
    custom.as_of = as_of;
    custom.basis = ARREARS_AGE_BASIS_ISSUE_DATE;
    custom.bounds = bounds;
    custom.bounds_len = 4;
    custom.labels = labels;
    custom.labels_len = 5;
    custom.not_due = ARREARS_NOT_DUE_FOLD;
    custom.credits = ARREARS_CREDITS_SEPARATE;
    custom.threads = 1;
    ArrearsAging *c = NULL;
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, ag_issue, ag_amount, ag_disputed, AG_N, 2, &custom,
                       &c);
    CHECK(st == ARREARS_OK, "custom aging %d %s", st, arrears_last_error_message());
    if (c != NULL) {
        CHECK(c->columns == 6 && streq(c->labels[0], "le15") && streq(c->labels[5], "credits"), "custom labels");
        /* the JSON op needs issue dates per item: compare through the due-date basis instead, with
         * the due dates shifted by the issue offset (issue = due - 30 for every item) */
        int32_t shifted[AG_N];
        for (int i = 0; i < AG_N; i++) shifted[i] = ag_issue[i];
        ArrearsAgingSpec by_due = custom;
        by_due.basis = ARREARS_AGE_BASIS_DUE_DATE;
        ArrearsAging *d = NULL;
        st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, shifted, NULL, ag_amount, ag_disputed, AG_N, 2, &by_due,
                           &d);
        CHECK(st == ARREARS_OK && d != NULL && d->rows == c->rows &&
                  memcmp(d->cells, c->cells, c->rows * c->columns * sizeof(int64_t)) == 0,
              "issue-date basis = due-date basis over issue dates");
        arrears_aging_free(d);
        memcpy(ag_due, shifted, sizeof shifted); /* the JSON request carries ag_due as due dates */
        check_aging_against_json(c, "2026-11-24",
                                 ",\"bounds\":[15,45,75,120],\"labels\":[\"le15\",\"le45\",\"le75\",\"le120\",\"over120\"],"
                                 "\"not_due\":\"fold\",\"credits\":\"separate\"",
                                 "custom buckets");
        aging_data(as_of);
        arrears_aging_free(c);
    }

    /* merge: the aging of two halves merged equals the aging of the whole */
    ArrearsAging *left = NULL, *right = NULL, *merged = NULL;
    size_t h = AG_N / 3;
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, ag_disputed, h, 2, &spec, &left);
    CHECK(st == ARREARS_OK, "left %s", arrears_last_error_message());
    const char *codes_swapped[] = {"USD", "EUR"};
    uint16_t swapped[AG_N];
    for (int i = 0; i < AG_N; i++) swapped[i] = (uint16_t)(1 - ag_currency[i]);
    st = arrears_aging(ag_customer + h, swapped + h, codes_swapped, 2, ag_due + h, NULL, ag_amount + h, ag_disputed + h,
                       AG_N - h, 2, &spec, &right);
    CHECK(st == ARREARS_OK, "right %s", arrears_last_error_message());
    st = arrears_aging_merge(left, right, &merged);
    CHECK(st == ARREARS_OK && merged != NULL, "merge %d %s", st, arrears_last_error_message());
    if (merged != NULL) {
        char *want = aging_rows_json(a), *got = aging_rows_json(merged);
        CHECK(streq(want, got), "merged rows = whole rows\n  %s\n  %s", got, want);
        CHECK(merged->totals_len == a->totals_len && merged->totals_total[0] == a->totals_total[0], "merged totals");
        free(want);
        free(got);
    }
    arrears_aging_free(merged);
    arrears_aging_free(left);
    arrears_aging_free(right);
    ArrearsAging *other = NULL;
    ArrearsAgingSpec spec2 = spec;
    spec2.as_of_date = "2026-11-25";
    arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec2, &other);
    merged = (ArrearsAging *)1;
    expect_error(arrears_aging_merge(a, other, &merged), ARREARS_INVALID_REQUEST, "invalid_request", "spec",
                 "merge of different as_of");
    CHECK(merged == NULL, "no merge result after a failure");
    /* mixed decimal scales do not merge (issue 3) */
    ArrearsAging *scale3 = NULL;
    /* the same amounts at 3 decimals (a two-decimal currency takes no third decimal: issue 12) */
    int64_t amount3[AG_N];
    for (int r = 0; r < AG_N; r++) amount3[r] = ag_amount[r] * 10;
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, amount3, NULL, AG_N, 3, &spec, &scale3);
    CHECK(st == ARREARS_OK, "scale 3: %d %s", st, arrears_last_error_message());
    expect_error(arrears_aging_merge(a, scale3, &merged), ARREARS_INVALID_AMOUNT, "invalid_amount", "scale",
                 "merge of scales 2 and 3");
    arrears_aging_free(scale3);
    /* sparse customer keys (beyond the dense range) come back unchanged */
    uint32_t sparse[] = {4000000000u, 7, 4000000000u};
    uint16_t cur0[] = {0, 0, 0};
    int64_t amt3[] = {100, 200, 300};
    ArrearsAging *sp = NULL;
    st = arrears_aging(sparse, cur0, ag_codes, 1, ag_due, NULL, amt3, NULL, 3, 2, &spec, &sp);
    CHECK(st == ARREARS_OK && sp != NULL && sp->rows == 2 && sp->customer[0] == 7 && sp->customer[1] == 4000000000u &&
              sp->total[1] == 400,
          "sparse keys %d %s", st, arrears_last_error_message());
    arrears_aging_free(sp);
    /* Merged row totals are checked (issue 10): each part's rows fit, and the currency totals
       cancel out, but customer 1's merged row (5e18 + 5e18) does not fit 64 bits. */
    {
        uint32_t cust[] = {1, 2};
        uint16_t cur[] = {0, 0};
        int32_t soon[] = {as_of + 10, as_of + 10}, old[] = {as_of - 400, as_of - 400};
        int64_t big[] = {5000000000000000000LL, -5000000000000000000LL};
        ArrearsAging *p1 = NULL, *p2 = NULL;
        st = arrears_aging(cust, cur, ag_codes, 1, soon, NULL, big, NULL, 2, 2, &spec, &p1);
        CHECK(st == ARREARS_OK, "part 1 %d %s", st, arrears_last_error_message());
        st = arrears_aging(cust, cur, ag_codes, 1, old, NULL, big, NULL, 2, 2, &spec, &p2);
        CHECK(st == ARREARS_OK, "part 2 %d %s", st, arrears_last_error_message());
        merged = (ArrearsAging *)1;
        expect_error(arrears_aging_merge(p1, p2, &merged), ARREARS_OVERFLOW, "overflow", "amount",
                     "merged row total beyond 64 bits");
        CHECK(merged == NULL, "no merge result after an overflow");
        arrears_aging_free(p1);
        arrears_aging_free(p2);
    }
    expect_error(arrears_aging_merge(a, NULL, &merged), ARREARS_NULL_POINTER, "null_pointer", "b", "merge NULL");
    arrears_aging_free(other);
    arrears_aging_free(a);

    /* errors */
    ArrearsAging *e = (ArrearsAging *)1;
    int32_t unsorted[] = {30, 90, 60}, dup[] = {30, 30};
    ArrearsAgingSpec bad = spec;
    bad.bounds = unsorted;
    bad.bounds_len = 3;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "bounds[2]", "unsorted bounds");
    CHECK(e == NULL, "out is NULL after a failure");
    bad.bounds = dup;
    bad.bounds_len = 2;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "bounds[1]", "duplicate bounds");
    bad.bounds = NULL;
    bad.bounds_len = 3;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "bounds", "NULL bounds with a length");
    bad = spec;
    bad.labels = labels;
    bad.labels_len = 2;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "labels", "wrong number of labels");
    bad = arrears_aging_spec_default();
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "as_of", "report date not set");
    bad = spec;
    bad.basis = 5;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "basis", "unknown basis");
    bad = spec;
    bad.not_due = -1;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "not_due", "unknown not_due");
    bad = spec;
    bad.credits = 2;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "credits", "unknown credits");
    bad = spec;
    bad.as_of_date = "2026-13-01";
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_DATE, "invalid_date", "as_of_date", "bad as_of_date");
    bad = spec;
    bad.basis = ARREARS_AGE_BASIS_ISSUE_DATE;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &bad, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "issue_date", "issue basis without issue dates");
    int32_t due_bad[AG_N];
    memcpy(due_bad, ag_due, sizeof due_bad);
    due_bad[17] = INT32_MIN;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, due_bad, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "due_date[17]", "bad due date row");
    uint16_t cur_bad[AG_N];
    memcpy(cur_bad, ag_currency, sizeof cur_bad);
    cur_bad[3] = 2;
    expect_error(arrears_aging(ag_customer, cur_bad, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "currency[3]", "currency index out of the list");
    uint8_t dis_bad[AG_N] = {0};
    dis_bad[5] = 2;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, dis_bad, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "disputed[5]", "disputed flag 2");
    const char *unknown[] = {"EUR", "EUX"};
    expect_error(arrears_aging(ag_customer, ag_currency, unknown, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currencies[1]", "unknown currency code");
    const char *null_code[] = {"EUR", NULL};
    expect_error(arrears_aging(ag_customer, ag_currency, null_code, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currencies[1]", "NULL currency code");
    expect_error(arrears_aging(NULL, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "customer", "NULL customer column");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, NULL, NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "amount", "NULL amount column");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, NULL, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "spec", "NULL spec");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 19, &spec, &e),
                 ARREARS_INVALID_PRECISION, "invalid_precision", "scale", "scale 19");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, NULL),
                 ARREARS_NULL_POINTER, "null_pointer", "out", "NULL out");
    /* no rows is fine, with NULL columns */
    st = arrears_aging(NULL, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 2, &spec, &e);
    CHECK(st == ARREARS_OK && e != NULL && e->rows == 0 && e->totals_len == 0, "empty aging %d %s", st,
          arrears_last_error_message());
    arrears_aging_free(e);
    arrears_aging_free(NULL);
}

/* ---- columnar aging by utf8 customer ids ---- */

/* Key k of the integer encoding is the k-th of these ids in byte order (upper case before lower
 * case; the empty id is an id; ids may be of any length). */
static const char *UT_NAMES[5] = {"", "ACME", "Bolt GmbH", "Z\xc3\xbcrich AG", "zz-15-bytes-max"};
static int32_t ut_offsets[AG_N + 1];
static uint8_t ut_data[AG_N * 15];

/* The ids of ag_customer as a utf8 column. */
static size_t utf8_ids(void) {
    size_t len = 0;
    ut_offsets[0] = 0;
    for (int i = 0; i < AG_N; i++) {
        const char *s = UT_NAMES[ag_customer[i]];
        memcpy(ut_data + len, s, strlen(s));
        len += strlen(s);
        ut_offsets[i + 1] = (int32_t)len;
    }
    return len;
}

/* The id of customer key k of a utf8 result, NUL-terminated into buf. */
static const char *id_of(const ArrearsAging *a, uint32_t k, char *buf, size_t cap) {
    int32_t s = a->id_offsets[k], e = a->id_offsets[k + 1];
    size_t n = (size_t)(e - s) < cap - 1 ? (size_t)(e - s) : cap - 1;
    memcpy(buf, a->id_data + s, n);
    buf[n] = 0;
    return buf;
}

/* A utf8 result `u` equals the integer result `i` of the same items: row by row, the id of the
 * row is the name of the integer key, the codes (not the indices: `i` lists every code of the
 * call, `u` the codes used) and every number are the same; so are the totals. */
static void check_utf8_equals_int(const ArrearsAging *u, const ArrearsAging *i, const char *what) {
    CHECK(u->rows == i->rows && u->columns == i->columns && u->totals_len == i->totals_len &&
              u->as_of == i->as_of && u->scale == i->scale,
          "%s: shape %zu/%zu rows %zu/%zu totals", what, u->rows, i->rows, u->totals_len, i->totals_len);
    if (u->rows != i->rows || u->columns != i->columns || u->totals_len != i->totals_len) return;
    for (size_t c = 0; c < u->columns; c++) CHECK(streq(u->labels[c], i->labels[c]), "%s: label %zu", what, c);
    char buf[32];
    for (size_t r = 0; r < u->rows; r++) {
        CHECK(streq(id_of(u, u->customer[r], buf, sizeof buf), UT_NAMES[i->customer[r]]), "%s: row %zu id %s vs %s",
              what, r, buf, UT_NAMES[i->customer[r]]);
        CHECK(streq(u->currencies[u->currency[r]], i->currencies[i->currency[r]]), "%s: row %zu currency", what, r);
        CHECK(memcmp(u->cells + r * u->columns, i->cells + r * i->columns, u->columns * sizeof(int64_t)) == 0,
              "%s: row %zu cells", what, r);
        CHECK(u->total[r] == i->total[r] && u->disputed[r] == i->disputed[r] && u->items[r] == i->items[r],
              "%s: row %zu total %lld/%lld disputed %lld/%lld items %lld/%lld", what, r, (long long)u->total[r],
              (long long)i->total[r], (long long)u->disputed[r], (long long)i->disputed[r], (long long)u->items[r],
              (long long)i->items[r]);
    }
    for (size_t t = 0; t < u->totals_len; t++) {
        CHECK(streq(u->currencies[u->totals_currency[t]], i->currencies[i->totals_currency[t]]) &&
                  u->totals_total[t] == i->totals_total[t] && u->totals_disputed[t] == i->totals_disputed[t] &&
                  u->totals_items[t] == i->totals_items[t] &&
                  memcmp(u->totals_cells + t * u->columns, i->totals_cells + t * i->columns,
                         u->columns * sizeof(int64_t)) == 0,
              "%s: totals[%zu]", what, t);
    }
}

static void test_aging_utf8(void) {
    int32_t as_of = 20781;
    aging_data(as_of);
    size_t data_len = utf8_ids();
    ArrearsAgingSpec spec = arrears_aging_spec_default();
    spec.as_of_date = "2026-11-24";

    /* standard spec (credits netted), disputed flags, two currencies per customer */
    ArrearsAging *u = NULL, *i = NULL;
    ArrearsStatus st = arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL,
                                          ag_amount, ag_disputed, AG_N, 2, &spec, &u);
    CHECK(st == ARREARS_OK && u != NULL, "utf8 aging %d %s", st, arrears_last_error_message());
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, ag_disputed, AG_N, 2, &spec, &i);
    CHECK(st == ARREARS_OK && i != NULL, "int aging %d %s", st, arrears_last_error_message());
    if (u == NULL || i == NULL) return;
    CHECK(i->id_offsets == NULL && i->id_data == NULL && i->ids_len == 0, "integer results carry no ids");
    CHECK(u->ids_len == 5, "5 distinct ids, got %zu", u->ids_len);
    char buf[32];
    for (uint32_t k = 0; k < u->ids_len && k < 5; k++)
        CHECK(streq(id_of(u, k, buf, sizeof buf), UT_NAMES[k]), "id %u: %s", k, buf);
    int multi = 0, disputed = 0;
    for (size_t r = 1; r < u->rows; r++) multi |= u->customer[r] == u->customer[r - 1];
    for (size_t r = 0; r < u->rows; r++) disputed |= u->disputed[r] != 0;
    CHECK(multi && disputed, "the data has customers with two currencies (%d) and disputed rows (%d)", multi, disputed);
    check_utf8_equals_int(u, i, "standard");
    check_aging_against_json(i, "2026-11-24", "", "integer result of the utf8 comparison");
    arrears_aging_free(i);
    i = NULL;

    /* 4 threads give the same result */
    ArrearsAgingSpec threaded = spec;
    threaded.threads = 4;
    ArrearsAging *t4 = NULL;
    st = arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                            ag_disputed, AG_N, 2, &threaded, &t4);
    CHECK(st == ARREARS_OK && t4 != NULL && t4->rows == u->rows && t4->ids_len == u->ids_len &&
              memcmp(t4->cells, u->cells, u->rows * u->columns * sizeof(int64_t)) == 0 &&
              memcmp(t4->id_offsets, u->id_offsets, (u->ids_len + 1) * sizeof(int32_t)) == 0,
          "4 threads = 1 thread");
    arrears_aging_free(t4);

    /* credits separate, custom buckets, folded not-due, by issue date */
    int32_t bounds[] = {15, 45, 75, 120};
    ArrearsAgingSpec custom = spec;
    custom.basis = ARREARS_AGE_BASIS_ISSUE_DATE;
    custom.bounds = bounds;
    custom.bounds_len = 4;
    custom.not_due = ARREARS_NOT_DUE_FOLD;
    custom.credits = ARREARS_CREDITS_SEPARATE;
    ArrearsAging *uc = NULL;
    st = arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, ag_issue, ag_amount,
                            ag_disputed, AG_N, 2, &custom, &uc);
    CHECK(st == ARREARS_OK, "utf8 custom %d %s", st, arrears_last_error_message());
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, ag_issue, ag_amount, ag_disputed, AG_N, 2, &custom,
                       &i);
    CHECK(st == ARREARS_OK, "int custom %d %s", st, arrears_last_error_message());
    if (uc != NULL && i != NULL) {
        CHECK(uc->columns == 6 && streq(uc->labels[5], "credits"), "credits column");
        int credits = 0;
        for (size_t r = 0; r < uc->rows; r++) credits |= uc->cells[r * uc->columns + 5] < 0;
        CHECK(credits, "some credits in their own column");
        check_utf8_equals_int(uc, i, "credits separate, by issue date");
    }
    arrears_aging_free(uc);
    arrears_aging_free(i);

    /* merge by id: two parts whose id lists differ (the first has 2 rows) merge into the whole */
    ArrearsAging *left = NULL, *right = NULL, *merged = NULL;
    size_t h = 2;
    st = arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                            ag_disputed, h, 2, &spec, &left);
    CHECK(st == ARREARS_OK && left != NULL && left->ids_len < u->ids_len, "left %s", arrears_last_error_message());
    /* the offsets of the rest start where the first part ends (not at 0), as an Arrow slice does */
    st = arrears_aging_utf8(ut_offsets + h, ut_data, data_len, ag_currency + h, ag_codes, 2, ag_due + h, NULL,
                            ag_amount + h, ag_disputed + h, AG_N - h, 2, &spec, &right);
    CHECK(st == ARREARS_OK && right != NULL, "right %s", arrears_last_error_message());
    st = arrears_aging_merge(left, right, &merged);
    CHECK(st == ARREARS_OK && merged != NULL, "merge utf8 %d %s", st, arrears_last_error_message());
    if (merged != NULL) {
        CHECK(merged->ids_len == u->ids_len && merged->rows == u->rows &&
                  memcmp(merged->id_offsets, u->id_offsets, (u->ids_len + 1) * sizeof(int32_t)) == 0 &&
                  memcmp(merged->id_data, u->id_data, (size_t)u->id_offsets[u->ids_len]) == 0 &&
                  memcmp(merged->customer, u->customer, u->rows * sizeof(uint32_t)) == 0 &&
                  memcmp(merged->cells, u->cells, u->rows * u->columns * sizeof(int64_t)) == 0 &&
                  memcmp(merged->disputed, u->disputed, u->rows * sizeof(int64_t)) == 0 &&
                  memcmp(merged->items, u->items, u->rows * sizeof(int64_t)) == 0,
              "merged parts = whole");
    }
    arrears_aging_free(merged);
    ArrearsAging *int_result = NULL;
    arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &int_result);
    merged = (ArrearsAging *)1;
    expect_error(arrears_aging_merge(left, int_result, &merged), ARREARS_INVALID_REQUEST, "invalid_request", "b",
                 "merge of a utf8 result with an integer one");
    CHECK(merged == NULL, "no merge result after a failure");
    expect_error(arrears_aging_merge(int_result, left, &merged), ARREARS_INVALID_REQUEST, "invalid_request", "b",
                 "merge of an integer result with a utf8 one");
    arrears_aging_free(int_result);
    arrears_aging_free(left);
    arrears_aging_free(right);
    arrears_aging_free(u);

    /* errors: NULL arguments */
    ArrearsAging *e = (ArrearsAging *)1;
    expect_error(arrears_aging_utf8(NULL, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "id_offsets", "NULL id_offsets");
    CHECK(e == NULL, "out is NULL after a failure");
    expect_error(arrears_aging_utf8(ut_offsets, NULL, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "id_data", "NULL id_data");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, NULL, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currency", "NULL currency");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, NULL, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currencies", "NULL currency list");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, NULL, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "due_date", "NULL due_date");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, NULL, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "amount", "NULL amount");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, NULL, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "spec", "NULL spec");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, NULL),
                 ARREARS_NULL_POINTER, "null_pointer", "out", "NULL out");
    const char *null_code[] = {"EUR", NULL};
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, null_code, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currencies[1]", "NULL currency code");

    /* errors: bad offsets */
    int32_t offs[AG_N + 1];
    memcpy(offs, ut_offsets, sizeof offs);
    offs[0] = -1;
    expect_error(arrears_aging_utf8(offs, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "id_offsets[0]", "negative first offset");
    CHECK(streq(arrears_last_error_value(), "-1"), "value -1: %s", arrears_last_error_value());
    memcpy(offs, ut_offsets, sizeof offs);
    offs[7] = offs[6] - 1;
    expect_error(arrears_aging_utf8(offs, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "id_offsets[7]", "decreasing offset");
    char last[32];
    snprintf(last, sizeof last, "id_offsets[%d]", AG_N);
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len - 1, ag_currency, ag_codes, 2, ag_due, NULL,
                                    ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", last, "offsets past the end of id_data");

    /* errors: the ids themselves (bad UTF-8) name the first bad row */
    uint8_t bad_data[AG_N * 15 + 16];
    int32_t bad_offs[AG_N + 1];
    /* row 9's id becomes 16 bytes (fine: ids may be of any length), row 20's a 2-byte id with a stray
     * continuation byte */
    size_t len = 0;
    bad_offs[0] = 0;
    for (int r = 0; r < AG_N; r++) {
        const char *s = r == 9 ? "ABCDEFGHIJKLMNOP" : r == 20 ? "\x80X" : UT_NAMES[ag_customer[r]];
        memcpy(bad_data + len, s, strlen(s));
        len += strlen(s);
        bad_offs[r + 1] = (int32_t)len;
    }
    expect_error(arrears_aging_utf8(bad_offs, bad_data, len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_UTF8, "invalid_utf8", "customer[20]", "id not UTF-8, the long id before it fine");
    /* from row 10 on, only row 20 is bad */
    expect_error(arrears_aging_utf8(bad_offs + 10, bad_data, len, ag_currency + 10, ag_codes, 2, ag_due + 10, NULL,
                                    ag_amount + 10, NULL, AG_N - 10, 2, &spec, &e),
                 ARREARS_INVALID_UTF8, "invalid_utf8", "customer[10]", "id not UTF-8");
    CHECK(streq(arrears_last_error_value(), "\\x80X"), "the bad bytes, escaped: %s", arrears_last_error_value());

    /* errors: rows, named as arrears_aging names them */
    uint16_t cur_bad[AG_N];
    memcpy(cur_bad, ag_currency, sizeof cur_bad);
    cur_bad[3] = 2;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, cur_bad, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "currency[3]", "currency index out of the list");
    CHECK(streq(arrears_last_error_value(), "2"), "value is the index: %s", arrears_last_error_value());
    char utf8_message[512];
    snprintf(utf8_message, sizeof utf8_message, "%s", arrears_last_error_message());
    arrears_aging(ag_customer, cur_bad, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e);
    CHECK(streq(arrears_last_error_message(), utf8_message), "same message as arrears_aging:\n  %s\n  %s", utf8_message,
          arrears_last_error_message());
    int32_t due_bad[AG_N];
    memcpy(due_bad, ag_due, sizeof due_bad);
    due_bad[17] = INT32_MIN;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, due_bad, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "due_date[17]", "due date out of range");
    ArrearsAgingSpec by_issue = spec;
    by_issue.basis = ARREARS_AGE_BASIS_ISSUE_DATE;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, due_bad, ag_amount,
                                    NULL, AG_N, 2, &by_issue, &e),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "issue_date[17]", "issue date out of range");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &by_issue, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "issue_date", "issue basis without issue dates");
    uint8_t dis_bad[AG_N] = {0};
    dis_bad[5] = 2;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    dis_bad, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "disputed[5]", "disputed flag 2");
    const char *unknown[] = {"EUR", "EUX"}, *twice[] = {"EUR", "EUR"};
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, unknown, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currencies[1]", "unknown currency code");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, twice, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "currencies[1]", "duplicate currency code");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 19, &spec, &e),
                 ARREARS_INVALID_PRECISION, "invalid_precision", "scale", "scale 19");
    /* a sum past int64: two items of the same customer and currency */
    int32_t two_offs[] = {0, 4, 8};
    const uint8_t two_ids[] = "ACMEACME";
    uint16_t two_cur[] = {0, 0};
    int32_t two_due[] = {as_of, as_of};
    int64_t huge[] = {INT64_MAX, 1};
    uint32_t two_keys[] = {0, 0};
    expect_error(arrears_aging_utf8(two_offs, two_ids, 8, two_cur, ag_codes, 1, two_due, NULL, huge, NULL, 2, 2, &spec,
                                    &e),
                 ARREARS_OVERFLOW, "overflow", "amount[1]", "sum past int64");
    /* the error names the amount that takes the sum out of range (issue 12), not the currency */
    CHECK(streq(arrears_last_error_value(), "0.01"), "the amount as text: %s", arrears_last_error_value());
    ArrearsStatus int_st =
        arrears_aging(two_keys, two_cur, ag_codes, 1, two_due, NULL, huge, NULL, 2, 2, &spec, &e);
    CHECK(int_st == ARREARS_OVERFLOW && streq(arrears_last_error_field(), "amount[1]"), "arrears_aging agrees: %d %s",
          int_st, arrears_last_error_message());
    CHECK(e == NULL, "out stays NULL");

    /* no rows is fine, with NULL columns; the result still has its (one) offset */
    st = arrears_aging_utf8(NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 2, &spec, &e);
    CHECK(st == ARREARS_OK && e != NULL && e->rows == 0 && e->ids_len == 0 && e->id_offsets != NULL &&
              e->id_offsets[0] == 0 && e->totals_len == 0,
          "empty utf8 aging %d %s", st, arrears_last_error_message());
    arrears_aging_free(e);
}

/* ---- terms handles and notation ---- */

static const char *TWO_LINE_JSON =
    "{\"lines\":[{\"kind\":\"percent\",\"value\":\"30\"},{\"kind\":\"balance\",\"due\":[\"end_of_month\",{\"add_days\":60}]}]}";

static void test_terms(void) {
    ArrearsTerms *t = NULL;
    char *text = NULL;
    ArrearsStatus st = arrears_terms_parse("2/10 NET 30", ARREARS_EOM_US, 0, &t);
    CHECK(st == ARREARS_OK, "parse %s", arrears_last_error_message());
    st = arrears_terms_format(t, &text);
    CHECK(st == ARREARS_OK && streq(text, "2/10 net 30"), "format %s", text ? text : "(null)");
    arrears_string_free(text);
    arrears_terms_free(t);

    st = arrears_terms_parse("2/10 EOM n/30 eom", ARREARS_EOM_UK, 25, &t);
    CHECK(st == ARREARS_OK, "uk %s", arrears_last_error_message());
    st = arrears_terms_format(t, &text);
    CHECK(st == ARREARS_OK && streq(text, "2/10 net 30 EOM UK cut-off 25"), "format uk %s", text ? text : "(null)");
    arrears_string_free(text);
    arrears_terms_free(t);

    /* a terms handle schedules, with the discounts of each installment (issue 12) */
    st = arrears_terms_parse("3/10 2/20 net 45", ARREARS_EOM_US, 0, &t);
    ArrearsSchedule *sch = NULL;
    st = arrears_schedule_terms("1000.00", "EUR", "2026-01-01", t, NULL, &sch);
    CHECK(st == ARREARS_OK && sch != NULL && sch->installments_len == 1, "schedule_terms %s", arrears_last_error_message());
    if (sch != NULL) {
        const ArrearsInstallment *in = &sch->installments[0];
        CHECK(streq(in->due_date, "2026-02-15") && streq(in->amount, "1000.00") && in->discounts_len == 2,
              "installment %s %s %zu", in->due_date, in->amount, in->discounts_len);
        if (in->discounts_len == 2) {
            CHECK(streq(in->discounts[0].deadline, "2026-01-11") && streq(in->discounts[0].discount, "30.00") &&
                      streq(in->discounts[0].payable, "970.00"),
                  "tier 0 %s %s %s", in->discounts[0].deadline, in->discounts[0].discount, in->discounts[0].payable);
            CHECK(streq(in->discounts[1].deadline, "2026-01-21") && streq(in->discounts[1].payable, "980.00"),
                  "tier 1 %s %s", in->discounts[1].deadline, in->discounts[1].payable);
        }
    }
    arrears_schedule_free(sch);
    sch = (ArrearsSchedule *)1;
    expect_error(arrears_schedule_terms("1000.001", "EUR", "2026-01-01", t, NULL, &sch), ARREARS_INVALID_AMOUNT,
                 "invalid_amount", "total", "total too precise");
    CHECK(sch == NULL, "no schedule after an error");
    expect_error(arrears_schedule_terms("1.00", "EUR", "2026-01-01", NULL, NULL, &sch), ARREARS_NULL_POINTER,
                 "null_pointer", "terms", "NULL terms");
    arrears_terms_free(t);
    /* terms from JSON may be notation text too */
    st = arrears_terms_from_json("\"net 30 EOM\"", &t);
    CHECK(st == ARREARS_OK, "terms as JSON text %s", arrears_last_error_message());
    arrears_terms_free(t);
    /* the cut-off step: dated after the 25th counts as the 1st of the next month */
    ArrearsStep cut_eom[] = {{ARREARS_STEP_CUT_OFF, 25}, {ARREARS_STEP_END_OF_MONTH, 0}};
    char due[11];
    st = arrears_due_date("2026-01-26", cut_eom, 2, ARREARS_ADJUSTMENT_NONE, NULL, due);
    CHECK(st == ARREARS_OK && streq(due, "2026-02-28"), "cut-off %s %s", due, arrears_last_error_message());
    ArrearsStep cut31[] = {{ARREARS_STEP_CUT_OFF, 31}};
    expect_error(arrears_due_date("2026-01-26", cut31, 1, ARREARS_ADJUSTMENT_NONE, NULL, due), ARREARS_INVALID_RULE,
                 "invalid_rule", "steps[0]", "cut-off 31");

    st = arrears_terms_preset("net_30_eom", &t);
    CHECK(st == ARREARS_OK, "preset %s", arrears_last_error_message());
    st = arrears_terms_format(t, &text);
    CHECK(st == ARREARS_OK && streq(text, "net 30 EOM"), "preset text %s", text ? text : "(null)");
    arrears_string_free(text);
    arrears_terms_free(t);

    st = arrears_terms_from_json(TWO_LINE_JSON, &t);
    CHECK(st == ARREARS_OK, "from json %s", arrears_last_error_message());
    st = arrears_terms_to_json(t, &text);
    CHECK(st == ARREARS_OK && text != NULL && strstr(text, "\"end_of_month\"") != NULL, "to json %s",
          text ? text : "(null)");
    arrears_string_free(text);
    text = (char *)1;
    expect_error(arrears_terms_format(t, &text), ARREARS_INVALID_TERMS, "invalid_terms", "terms",
                 "a percent line has no notation");
    CHECK(text == NULL, "no text after a failure");
    arrears_terms_free(t);

    t = (ArrearsTerms *)1;
    expect_error(arrears_terms_parse("net thirty", ARREARS_EOM_US, 0, &t), ARREARS_INVALID_TERMS, "invalid_terms", "text",
                 "malformed notation");
    CHECK(t == NULL && strstr(arrears_last_error_message(), "at character 5") != NULL, "the message names the position: %s",
          arrears_last_error_message());
    expect_error(arrears_terms_parse("net 30", 3, 0, &t), ARREARS_INVALID_TERMS, "invalid_terms", "eom", "unknown EOM");
    expect_error(arrears_terms_parse("net 30", ARREARS_EOM_US, 31, &t), ARREARS_INVALID_RULE, "invalid_rule",
                 "options.cut_off", "cut-off 31");
    expect_error(arrears_terms_parse("net 30", ARREARS_EOM_US, -1, &t), ARREARS_INVALID_RULE, "invalid_rule",
                 "options.cut_off", "cut-off -1");
    expect_error(arrears_terms_parse(NULL, ARREARS_EOM_US, 0, &t), ARREARS_NULL_POINTER, "null_pointer", "text", "NULL text");
    expect_error(arrears_terms_preset("net_31", &t), ARREARS_INVALID_TERMS, "invalid_terms", "name", "unknown preset");
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"percent\",\"value\":\"150\"}]}", &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].value", "percent over 100");
    /* issue 4's bad input: negative days, discount deadlines after the due date or before the base date */
    expect_error(arrears_terms_parse("2/10 net -30", ARREARS_EOM_US, 0, &t), ARREARS_INVALID_TERMS, "invalid_terms", "text",
                 "negative days in notation");
    CHECK(streq(arrears_last_error_value(), "2/10 net -30"), "value names the text: %s", arrears_last_error_value());
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"balance\",\"due\":[{\"add_days\":30}],"
                                         "\"discounts\":[{\"percent\":\"2\",\"due\":[{\"add_days\":40}]}]}]}",
                                         &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].discounts[0].due", "discount deadline after the due date");
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"balance\",\"due\":[{\"add_days\":30}],"
                                         "\"discounts\":[{\"percent\":\"2\",\"due\":[{\"add_days\":-1}]}]}]}",
                                         &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].discounts[0].due[0]", "discount deadline before the base date");
    CHECK(streq(arrears_last_error_value(), "-1"), "value -1: %s", arrears_last_error_value());
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"balance\",\"discounts\":[{\"percent\":\"101\"}]}]}", &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].discounts[0].percent", "discount percent over 100");
    expect_error(arrears_terms_format(NULL, &text), ARREARS_NULL_POINTER, "null_pointer", "terms", "NULL terms");
    arrears_terms_free(NULL);

    /* notation, presets, discounts and e-invoicing forms through call_json */
    char *out = NULL;
    st = arrears_call_json("parse_terms", "{\"text\":\"net 30 eom\",\"options\":{\"eom\":\"uk\"}}", &out);
    CHECK(st == ARREARS_OK && out != NULL && strstr(out, "\"text\":\"net 30 EOM UK\"") != NULL, "parse_terms %s",
          out ? out : arrears_last_error_message());
    arrears_string_free(out);
    st = arrears_call_json("preset", "{\"name\":\"2_10_net_30\"}", &out);
    CHECK(st == ARREARS_OK && out != NULL && strstr(out, "\"text\":\"2/10 net 30\"") != NULL, "preset %s",
          out ? out : arrears_last_error_message());
    arrears_string_free(out);
    st = arrears_call_json("presets", "{}", &out);
    CHECK(st == ARREARS_OK && out != NULL && strstr(out, "\"name\":\"net_30\"") != NULL, "presets");
    arrears_string_free(out);
    st = arrears_call_json("discount_cost", "{\"percent\":\"2\",\"discount_days\":10,\"net_days\":30}", &out);
    CHECK(st == ARREARS_OK && out != NULL && strstr(out, "\"nominal\":") != NULL, "discount_cost %s",
          out ? out : arrears_last_error_message());
    arrears_string_free(out);
    expect_error(arrears_call_json("parse_terms", "{\"text\":\"2/10 net\"}", &out), ARREARS_INVALID_TERMS, "invalid_terms",
                 "text", "parse_terms error");
    expect_error(arrears_call_json("preset", "{\"name\":\"net_31\"}", &out), ARREARS_INVALID_TERMS, "invalid_terms", "name",
                 "preset error");
}

/* ---- batch scheduling ---- */

#define BT_N 500

static void test_schedule_batch(void) {
    ArrearsTerms *terms[2] = {NULL, NULL};
    CHECK(arrears_terms_from_json(TWO_LINE_JSON, &terms[0]) == ARREARS_OK, "two-line terms");
    CHECK(arrears_terms_parse("2/10 net 30", ARREARS_EOM_US, 0, &terms[1]) == ARREARS_OK, "2/10 net 30");
    const char *codes[] = {"EUR", "JPY"};
    static int64_t total[BT_N];
    static uint16_t currency[BT_N];
    static int32_t base[BT_N];
    static uint32_t which[BT_N];
    int32_t day0;
    arrears_day_number("2026-01-01", &day0);
    unsigned x = 777;
    for (int i = 0; i < BT_N; i++) {
        x = x * 1103515245u + 12345u;
        total[i] = (int64_t)((x >> 4) % 10000000) - (i % 11 == 0 ? 5000000 : 0); /* some credit notes */
        currency[i] = (uint16_t)(i % 3 == 0);
        base[i] = day0 + (int32_t)((x >> 9) % 730);
        which[i] = (uint32_t)(i % 2);
    }
    ArrearsScheduleBatch *b = NULL;
    const ArrearsTerms *const *tl = (const ArrearsTerms *const *)terms;
    ArrearsStatus st = arrears_schedule_batch(tl, 2, codes, 2, total, currency, base, which, BT_N, NULL, &b);
    CHECK(st == ARREARS_OK, "batch %d %s", st, arrears_last_error_message());
    if (b != NULL) {
        CHECK(b->invoices == BT_N && b->scales_len == 2 && b->scales[0] == 2 && b->scales[1] == 0, "batch header");
        CHECK(b->offsets[0] == 0 && b->offsets[BT_N] == b->installments, "offsets");
        /* every invoice equals arrears_schedule on the same invoice */
        ArrearsStep eom60[] = {{ARREARS_STEP_END_OF_MONTH, 0}, {ARREARS_STEP_ADD_DAYS, 60}}, d30[] = {{ARREARS_STEP_ADD_DAYS, 30}};
        ArrearsTermLine two_line[] = {{ARREARS_LINE_PERCENT, "30", NULL, 0}, {ARREARS_LINE_BALANCE, NULL, eom60, 2}};
        ArrearsTermLine net30[] = {{ARREARS_LINE_BALANCE, NULL, d30, 1}};
        int mismatches = 0;
        for (int i = 0; i < BT_N; i++) {
            char amt[40], date[11];
            if (currency[i] == 0) {
                money2(amt, sizeof amt, total[i]);
            } else {
                snprintf(amt, sizeof amt, "%lld", (long long)total[i]);
            }
            arrears_date_of_day_number(base[i], date);
            ArrearsSchedule *s = NULL;
            st = arrears_schedule(amt, codes[currency[i]], date, which[i] ? net30 : two_line, which[i] ? 1 : 2,
                                  ARREARS_ADJUSTMENT_NONE, NULL, &s);
            if (st != ARREARS_OK || s == NULL) {
                mismatches++;
                continue;
            }
            uint32_t lo = b->offsets[i], hi = b->offsets[i + 1];
            if (hi - lo != s->installments_len) mismatches++;
            for (uint32_t k = lo; k < hi && k - lo < s->installments_len; k++) {
                const ArrearsInstallment *in = &s->installments[k - lo];
                char bamt[40], bdate[11];
                if (currency[i] == 0) {
                    money2(bamt, sizeof bamt, b->amount[k]);
                } else {
                    snprintf(bamt, sizeof bamt, "%lld", (long long)b->amount[k]);
                }
                arrears_date_of_day_number(b->due_date[k], bdate);
                if (b->line[k] != in->line || !streq(bamt, in->amount) || !streq(bdate, in->due_date)) {
                    if (mismatches++ < 3)
                        fprintf(stderr, "invoice %d installment %u: %u %s %s vs %zu %s %s\n", i, k - lo, b->line[k],
                                bamt, bdate, in->line, in->amount, in->due_date);
                }
                /* 2/10 net 30: one discount tier, 2 % by base + 10; the two-line term has none */
                uint32_t dn = b->discount_offsets[k + 1] - b->discount_offsets[k];
                if (which[i]) {
                    uint32_t dk = b->discount_offsets[k];
                    int64_t want = b->amount[k] * 2 / 100, got = dn == 1 ? b->discount_amount[dk] : -1;
                    if (dn != 1 || b->discount_deadline[dk] != base[i] + 10 || (got - want > 1 || want - got > 1))
                        mismatches++;
                } else if (dn != 0) {
                    mismatches++;
                }
            }
            arrears_schedule_free(s);
        }
        CHECK(mismatches == 0, "batch = arrears_schedule per invoice: %d mismatches", mismatches);
        arrears_schedule_batch_free(b);
    }

    /* options: precision and rounding reach the batch */
    ArrearsScheduleOptions opt = arrears_schedule_options_default();
    opt.precision = 3;
    int64_t one[] = {1000};
    uint16_t eur[] = {0};
    int32_t d[] = {day0};
    st = arrears_schedule_batch(tl, 1, codes, 1, one, eur, d, NULL, 1, &opt, &b);
    CHECK(st == ARREARS_OK && b != NULL && b->scales[0] == 3 && b->installments == 2 && b->amount[0] == 300 &&
              b->amount[1] == 700,
          "precision 3: 1.000 EUR -> 0.300 + 0.700");
    arrears_schedule_batch_free(b);

    /* errors */
    b = (ArrearsScheduleBatch *)1;
    const char *bad_codes[] = {"EUX"};
    expect_error(arrears_schedule_batch(tl, 2, bad_codes, 1, one, eur, d, NULL, 1, NULL, &b), ARREARS_UNKNOWN_CURRENCY,
                 "unknown_currency", "currencies[0]", "unknown currency");
    CHECK(b == NULL && streq(arrears_last_error_value(), "EUX"), "out is NULL after a failure, value EUX");
    uint16_t cur_out[] = {0, 0, 0, 5};
    int64_t four[] = {100, 200, 300, 400};
    int32_t days4[] = {day0, day0, day0, day0};
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur_out, days4, NULL, 4, NULL, &b),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currency[3]", "currency index out of the list");
    uint32_t which_out[] = {0, 1, 2, 0};
    uint16_t cur4[] = {0, 0, 0, 0};
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days4, which_out, 4, NULL, &b),
                 ARREARS_INVALID_REQUEST, "invalid_request", "terms_index[2]", "terms index out of the list");
    int32_t days_bad[] = {day0, INT32_MAX, day0, day0};
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days_bad, NULL, 4, NULL, &b),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "base_date[1]", "base date out of range");
    const ArrearsTerms *with_null[] = {terms[0], NULL};
    expect_error(arrears_schedule_batch(with_null, 2, codes, 2, four, cur4, days4, NULL, 4, NULL, &b),
                 ARREARS_NULL_POINTER, "null_pointer", "terms[1]", "NULL terms handle");
    expect_error(arrears_schedule_batch(tl, 0, codes, 2, four, cur4, days4, NULL, 4, NULL, &b), ARREARS_INVALID_REQUEST,
                 "invalid_request", "terms", "no terms");
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, NULL, cur4, days4, NULL, 4, NULL, &b), ARREARS_NULL_POINTER,
                 "null_pointer", "total", "NULL total column");
    opt = arrears_schedule_options_default();
    opt.rounding = 42;
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days4, NULL, 4, &opt, &b), ARREARS_INVALID_ROUNDING,
                 "invalid_rounding", "rounding", "unknown rounding");
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days4, NULL, 4, NULL, NULL), ARREARS_NULL_POINTER,
                 "null_pointer", "out", "NULL out");
    /* empty batch */
    st = arrears_schedule_batch(tl, 1, NULL, 0, NULL, NULL, NULL, NULL, 0, NULL, &b);
    CHECK(st == ARREARS_OK && b != NULL && b->invoices == 0 && b->installments == 0 && b->offsets[0] == 0,
          "empty batch %d %s", st, arrears_last_error_message());
    arrears_schedule_batch_free(b);
    arrears_schedule_batch_free(NULL);
    arrears_terms_free(terms[0]);
    arrears_terms_free(terms[1]);
}

static void test_version(void) {
    CHECK(streq(arrears_version(), EXPECTED_VERSION), "version %s, want %s", arrears_version(), EXPECTED_VERSION);
    CHECK(streq(ARREARS_VERSION, EXPECTED_VERSION), "ARREARS_VERSION %s", ARREARS_VERSION);
}

/* The header's statuses are the core's list of error codes (error_codes), no more, no less. */
static void test_error_codes(void) {
    static const struct {
        const char *code;
        ArrearsStatus status;
    } ours[] = {
        {"invalid_amount", ARREARS_INVALID_AMOUNT},       {"invalid_date", ARREARS_INVALID_DATE},
        {"unknown_currency", ARREARS_UNKNOWN_CURRENCY},   {"invalid_precision", ARREARS_INVALID_PRECISION},
        {"invalid_rounding", ARREARS_INVALID_ROUNDING},   {"invalid_rule", ARREARS_INVALID_RULE},
        {"invalid_terms", ARREARS_INVALID_TERMS},         {"date_out_of_range", ARREARS_DATE_OUT_OF_RANGE},
        {"overflow", ARREARS_OVERFLOW},                   {"invalid_request", ARREARS_INVALID_REQUEST},
        {"limit_exceeded", ARREARS_LIMIT_EXCEEDED},
    };
    char *out = NULL;
    CHECK(arrears_call_json("error_codes", "{}", &out) == ARREARS_OK && out != NULL, "error_codes");
    if (out == NULL) return;
    char want[2048] = "{\"codes\":[";
    for (size_t i = 0; i < sizeof ours / sizeof ours[0]; i++) {
        char one[96];
        snprintf(one, sizeof one, "%s{\"code\":\"%s\",\"status\":%d}", i ? "," : "", ours[i].code, ours[i].status);
        strcat(want, one);
    }
    strcat(want, "]}");
    CHECK(streq(out, want), "the core's codes\n  %s\nand the header's\n  %s", out, want);
    arrears_string_free(out);
}

/* Reads one line of any length into *buf (grown as needed); returns its length, or -1 at EOF. */
static long read_line(FILE *f, char **buf, size_t *cap) {
    size_t n = 0;
    for (;;) {
        if (*cap - n < 2) {
            *cap *= 2;
            *buf = realloc(*buf, *cap);
            if (*buf == NULL) return -1;
        }
        if (fgets(*buf + n, (int)(*cap - n), f) == NULL) return n > 0 ? (long)n : -1;
        n += strlen(*buf + n);
        if (n > 0 && (*buf)[n - 1] == '\n') {
            (*buf)[--n] = 0;
            return (long)n;
        }
    }
}

/* Shared vectors: tab-separated lines `id op request ok response` or `id op request error code field`.
 * Generic over operations: new vector files (aging, metrics) need no change here. */
static void test_vectors(const char *path) {
    FILE *f = fopen(path, "r");
    CHECK(f != NULL, "open %s", path);
    if (f == NULL) return;
    size_t cap = 1 << 12;
    char *line = malloc(cap);
    int cases = 0;
    long n;
    while (line != NULL && (n = read_line(f, &line, &cap)) >= 0) {
        if (n == 0 || line[0] == '#') continue;
        char *cols[6] = {0};
        int k = 0;
        for (char *p = line; k < 6 && p != NULL; k++) {
            cols[k] = p;
            p = strchr(p, '\t');
            if (p) *p++ = 0;
        }
        if (cols[3] == NULL || cols[4] == NULL) {
            CHECK(0, "vector line %d: too few columns", cases + 1);
            continue;
        }
        cases++;
        char *out = NULL;
        ArrearsStatus st = arrears_call_json(cols[1], cols[2], &out);
        if (streq(cols[3], "ok")) {
            CHECK(st == ARREARS_OK && streq(out, cols[4]), "vector %s: got %s (%s)\n  want %s", cols[0],
                  out ? out : "(null)", st ? arrears_last_error_message() : "", cols[4]);
        } else {
            const char *field = cols[5] ? cols[5] : "";
            CHECK(st != ARREARS_OK && streq(arrears_last_error_code(), cols[4]) &&
                      streq(arrears_last_error_field(), field),
                  "vector %s: want error %s at '%s', got status %d %s at '%s'", cols[0], cols[4], field, st,
                  arrears_last_error_code(), arrears_last_error_field());
        }
        arrears_string_free(out);
    }
    free(line);
    fclose(f);
    CHECK(cases > 100, "vectors loaded: %d", cases);
    printf("shared vectors: %d cases\n", cases);
}

/* Typed metrics: the ME-* vectors' figures through the C functions. */
static void test_metrics(void) {
    char *out = NULL, *months = NULL;
    ArrearsStatus st = arrears_dso("50000000", NULL, "730000000", 365, 0, &out);
    CHECK(st == ARREARS_OK && streq(out, "25"), "ME-01 dso %s", out ? out : arrears_last_error_message());
    arrears_string_free(out);
    st = arrears_dso("151", "100", "1000", 30, 2, &out);
    CHECK(st == ARREARS_OK && streq(out, "3.77"), "average receivables dso %s", out ? out : "(null)");
    arrears_string_free(out);
    const char *sales[] = {"100000", "80000", "70000"};
    st = arrears_countback_dso("212000", sales, 3, ARREARS_MONTH_DAYS_THIRTY, NULL, 2, &out, &months);
    CHECK(st == ARREARS_OK && streq(out, "73.71") && streq(months, "2.46"), "ME-04 countback %s %s", out, months);
    arrears_string_free(out);
    arrears_string_free(months);
    st = arrears_countback_dso("212000", sales, 3, ARREARS_MONTH_DAYS_ACTUAL, "2026-03-15", 2, &out, NULL);
    CHECK(st == ARREARS_OK && streq(out, "73.17"), "countback, actual months %s", out ? out : "(null)");
    arrears_string_free(out);
    st = arrears_best_possible_dso("3590", "10890", 90, 2, &out);
    CHECK(st == ARREARS_OK && streq(out, "29.67"), "ME-09 best possible dso %s", out ? out : "(null)");
    arrears_string_free(out);
    st = arrears_cei("6200", "10890", "6340", "3590", 3, 2, &out);
    CHECK(st == ARREARS_OK && streq(out, "55.93"), "ME-07 cei %s", out ? out : "(null)");
    arrears_string_free(out);
    st = arrears_cei("6200", "10890", "6340", "3590", 0, 2, &out);
    CHECK(st == ARREARS_OK && streq(out, "79.63"), "cei over the period %s", out ? out : "(null)");
    arrears_string_free(out);
    const char *buckets[] = {"1000.00", "333.33", "50.00"}, *percents[] = {"1", "5", "50"};
    char *parts[3] = {NULL, NULL, NULL};
    st = arrears_allowance(buckets, percents, 3, "EUR", ARREARS_ROUND_HALF_UP, -1, parts, &out);
    CHECK(st == ARREARS_OK && streq(parts[0], "10.00") && streq(parts[1], "16.67") && streq(parts[2], "25.00") &&
              streq(out, "51.67"),
          "allowance %s %s %s = %s", parts[0], parts[1], parts[2], out);
    for (int i = 0; i < 3; i++) arrears_string_free(parts[i]);
    arrears_string_free(out);

    /* bad input: typed errors naming the field */
    out = NULL;
    expect_error(arrears_dso("1", NULL, "0", 365, 2, &out), ARREARS_INVALID_AMOUNT, "invalid_amount", "credit_sales",
                 "dso without sales");
    CHECK(out == NULL, "no output after a failure");
    expect_error(arrears_dso("1", NULL, "10", 0, 2, &out), ARREARS_INVALID_REQUEST, "invalid_request", "days",
                 "dso over 0 days");
    expect_error(arrears_dso("1", NULL, "10", 30, 11, &out), ARREARS_INVALID_PRECISION, "invalid_precision",
                 "decimals", "too many decimals");
    expect_error(arrears_dso("1.0e3", NULL, "10", 30, 2, &out), ARREARS_INVALID_AMOUNT, "invalid_amount",
                 "receivables", "exponent");
    expect_error(arrears_dso(NULL, NULL, "10", 30, 2, &out), ARREARS_NULL_POINTER, "null_pointer", "receivables",
                 "NULL receivables");
    expect_error(arrears_dso("1", NULL, "10", 30, 2, NULL), ARREARS_NULL_POINTER, "null_pointer", "out", "NULL out");
    const char *few[] = {"100", "100"};
    expect_error(arrears_countback_dso("300", few, 2, ARREARS_MONTH_DAYS_THIRTY, NULL, 2, &out, NULL),
                 ARREARS_INVALID_REQUEST, "invalid_request", "monthly_sales", "receivables beyond the months given");
    expect_error(arrears_countback_dso("3", few, 2, 7, NULL, 2, &out, NULL), ARREARS_INVALID_REQUEST,
                 "invalid_request", "month_days", "unknown month_days constant");
    expect_error(arrears_countback_dso("3", few, 2, ARREARS_MONTH_DAYS_ACTUAL, NULL, 2, &out, NULL),
                 ARREARS_INVALID_REQUEST, "invalid_request", "as_of", "actual months without as_of");
    expect_error(arrears_cei("1", "1", "1", "2", 0, 2, &out), ARREARS_INVALID_AMOUNT, "invalid_amount",
                 "ending_current_receivables", "current above total");
    const char *bad_percents[] = {"1", "120", "5"};
    expect_error(arrears_allowance(buckets, bad_percents, 3, "EUR", ARREARS_ROUND_HALF_UP, -1, NULL, &out),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "percents[1]", "a percent over 100");
    expect_error(arrears_allowance(buckets, percents, 3, "EUX", ARREARS_ROUND_HALF_UP, -1, NULL, &out),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currency", "unknown currency");
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s VECTORS_TSV\n", argv[0]);
        return 2;
    }
    test_version();
    test_error_codes();
    test_readme_schedule();
    test_options_and_calendar();
    test_errors();
    test_aging();
    test_aging_utf8();
    test_terms();
    test_schedule_batch();
    test_metrics();
    test_interest();
    test_interest_batch();
    test_interest_batch_preset();
    test_vectors(argv[1]);
    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
