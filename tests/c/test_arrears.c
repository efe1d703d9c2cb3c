/* C tests of libarrears: the typed API (schedules, options, calendars, terms, batch scheduling,
 * metrics), errors at the boundary, and the shared vectors. Aging and late interest have their
 * own programs (test_aging.c, test_interest.c).
 * Usage: test_arrears VECTORS_TSV   (built and run under valgrind by tests/c/test.sh) */
#include "check.h"

#ifndef EXPECTED_VERSION
#error "compile with -DEXPECTED_VERSION=\"x.y.z\""
#endif

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

static void test_errors(void) {
    ArrearsTermLine balance[] = {{ARREARS_LINE_BALANCE, NULL, NULL, 0}};
    ArrearsSchedule *s = (ArrearsSchedule *)1;
    expect_error(arrears_schedule(NULL, "EUR", "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_NULL_POINTER,
                 "null_pointer", "total", NULL, "NULL total");
    CHECK(s == NULL, "out is NULL after a failure");
    expect_error(arrears_schedule("1,000", "EUR", "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_INVALID_AMOUNT,
                 "invalid_amount", "total", NULL, "thousands separator");
    CHECK(streq(arrears_last_error_value(), "1,000"), "value is reported");
    expect_error(arrears_schedule("1.00", "EUX", "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_UNKNOWN_CURRENCY,
                 "unknown_currency", "currency", NULL, "unknown currency");
    expect_error(arrears_schedule("1.00", "EUR", "2026-02-30", balance, 1, 0, NULL, &s), ARREARS_INVALID_DATE,
                 "invalid_date", "base_date", NULL, "Feb 30");
    const char bad_utf8[] = {'E', (char)0xff, 'R', 0};
    expect_error(arrears_schedule("1.00", bad_utf8, "2026-01-01", balance, 1, 0, NULL, &s), ARREARS_INVALID_UTF8,
                 "invalid_utf8", "currency", NULL, "invalid UTF-8");
    ArrearsTermLine over[] = {{ARREARS_LINE_PERCENT, "60", NULL, 0}, {ARREARS_LINE_PERCENT, "60", NULL, 0}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", over, 2, 0, NULL, &s), ARREARS_INVALID_TERMS,
                 "invalid_terms", "terms.lines", NULL, "percents over 100");
    ArrearsTermLine pct[] = {{ARREARS_LINE_PERCENT, "150", NULL, 0}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", pct, 1, 0, NULL, &s), ARREARS_INVALID_TERMS,
                 "invalid_terms", "terms.lines[0].value", NULL, "percent 150");
    ArrearsStep bad_step[] = {{42, 1}};
    ArrearsTermLine bad_rule[] = {{ARREARS_LINE_BALANCE, NULL, bad_step, 1}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", bad_rule, 1, 0, NULL, &s), ARREARS_INVALID_RULE,
                 "invalid_rule", "terms.lines[0].due[0]", NULL, "unknown step kind");
    ArrearsTermLine bad_kind[] = {{9, NULL, NULL, 0}};
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", bad_kind, 1, 0, NULL, &s), ARREARS_INVALID_TERMS,
                 "invalid_terms", "terms.lines[0].kind", NULL, "unknown line kind");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, 1, 7, NULL, &s), ARREARS_INVALID_RULE,
                 "invalid_rule", "terms.adjustment", NULL, "unknown adjustment");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", NULL, 3, 0, NULL, &s), ARREARS_NULL_POINTER,
                 "null_pointer", "terms.lines", NULL, "NULL lines with a length");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, 1, 0, NULL, NULL), ARREARS_NULL_POINTER,
                 "null_pointer", "out", NULL, "NULL out");
    ArrearsScheduleOptions opt = arrears_schedule_options_default();
    opt.rounding = 99;
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, 1, 0, &opt, &s), ARREARS_INVALID_ROUNDING,
                 "invalid_rounding", "rounding", NULL, "unknown rounding mode");
    char date[11];
    ArrearsCalendar all_week = {0x7f, NULL, 0};
    expect_error(arrears_due_date("2026-01-01", NULL, 0, ARREARS_ADJUSTMENT_FOLLOWING, &all_week, date),
                 ARREARS_INVALID_RULE, "invalid_rule", "calendar.weekend", NULL, "seven weekend days");
    /* an impossible count is refused before anything is read or allocated (not an abort) */
    const char *one_holiday[] = {"2026-12-25"};
    ArrearsCalendar huge = {ARREARS_WEEKEND_SAT_SUN, one_holiday, SIZE_MAX / 2};
    expect_error(arrears_due_date("2026-01-01", NULL, 0, ARREARS_ADJUSTMENT_FOLLOWING, &huge, date),
                 ARREARS_LIMIT_EXCEEDED, "limit_exceeded", "calendar.holidays", NULL, "SIZE_MAX / 2 holidays");
    expect_error(arrears_schedule("1.00", "EUR", "2026-01-01", balance, SIZE_MAX / 4, 0, NULL, &s), ARREARS_LIMIT_EXCEEDED,
                 "limit_exceeded", "terms.lines", NULL, "SIZE_MAX / 4 term lines");
    ArrearsStep past[] = {{ARREARS_STEP_ADD_DAYS, 1}};
    expect_error(arrears_due_date("9999-12-31", past, 1, 0, NULL, date), ARREARS_DATE_OUT_OF_RANGE,
                 "date_out_of_range", "steps[0]", NULL, "past 9999");
    char *out = (char *)1;
    expect_error(arrears_call_json("schedule", "{not json", &out), ARREARS_INVALID_REQUEST, "invalid_request",
                 "request", NULL, "malformed JSON");
    CHECK(out == NULL, "no response after a failure");
    /* a list is never read as an object's fields by position; a key twice is never last-wins */
    expect_error(arrears_call_json("schedule", "[]", &out), ARREARS_INVALID_REQUEST, "invalid_request", "request",
                 "a list", "a list for an object");
    expect_error(arrears_call_json("round", "[\"1.005\",\"EUR\"]", &out), ARREARS_INVALID_REQUEST, "invalid_request",
                 "request", "a list", "positional fields");
    expect_error(arrears_call_json("round", "{\"amount\":\"1.005\",\"currency\":\"EUR\",\"amount\":\"2\"}", &out),
                 ARREARS_INVALID_REQUEST, "invalid_request", "amount", "amount", "a key twice");
    expect_error(arrears_call_json("round", "{\"amount\":\"1000000000000000000000000000000\",\"currency\":\"EUR\"}", &out),
                 ARREARS_OVERFLOW, "overflow", "amount", NULL, "10^30");
    CHECK(arrears_last_error_message() != NULL && strstr(arrears_last_error_message(), "about 10^30") != NULL,
          "10^30 said as a magnitude: %s", arrears_last_error_message());
    expect_error(arrears_call_json(NULL, "{}", &out), ARREARS_NULL_POINTER, "null_pointer", "op", NULL, "NULL op");
    /* a success clears the last error */
    CHECK(arrears_call_json("version", "{}", &out) == ARREARS_OK && arrears_last_error_message() == NULL,
          "success clears the error");
    arrears_string_free(out);
    /* freeing NULL is a no-op */
    arrears_string_free(NULL);
    arrears_schedule_free(NULL);
    passed++;
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
                 "invalid_amount", "total", NULL, "total too precise");
    CHECK(sch == NULL, "no schedule after an error");
    expect_error(arrears_schedule_terms("1.00", "EUR", "2026-01-01", NULL, NULL, &sch), ARREARS_NULL_POINTER,
                 "null_pointer", "terms", NULL, "NULL terms");
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
                 "invalid_rule", "steps[0]", NULL, "cut-off 31");

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
    expect_error(arrears_terms_format(t, &text), ARREARS_INVALID_TERMS, "invalid_terms", "terms", NULL,
                 "a percent line has no notation");
    CHECK(text == NULL, "no text after a failure");
    arrears_terms_free(t);

    t = (ArrearsTerms *)1;
    expect_error(arrears_terms_parse("net thirty", ARREARS_EOM_US, 0, &t), ARREARS_INVALID_TERMS, "invalid_terms", "text", NULL,
                 "malformed notation");
    CHECK(t == NULL && strstr(arrears_last_error_message(), "at character 5") != NULL, "the message names the position: %s",
          arrears_last_error_message());
    expect_error(arrears_terms_parse("net 30", 3, 0, &t), ARREARS_INVALID_TERMS, "invalid_terms", "eom", NULL, "unknown EOM");
    expect_error(arrears_terms_parse("net 30", ARREARS_EOM_US, 31, &t), ARREARS_INVALID_RULE, "invalid_rule",
                 "options.cut_off", NULL, "cut-off 31");
    expect_error(arrears_terms_parse("net 30", ARREARS_EOM_US, -1, &t), ARREARS_INVALID_RULE, "invalid_rule",
                 "options.cut_off", NULL, "cut-off -1");
    expect_error(arrears_terms_parse(NULL, ARREARS_EOM_US, 0, &t), ARREARS_NULL_POINTER, "null_pointer", "text", NULL, "NULL text");
    expect_error(arrears_terms_preset("net_31", &t), ARREARS_INVALID_TERMS, "invalid_terms", "name", NULL, "unknown preset");
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"percent\",\"value\":\"150\"}]}", &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].value", NULL, "percent over 100");
    /* issue 4's bad input: negative days, discount deadlines after the due date or before the base date */
    expect_error(arrears_terms_parse("2/10 net -30", ARREARS_EOM_US, 0, &t), ARREARS_INVALID_TERMS, "invalid_terms", "text", NULL,
                 "negative days in notation");
    CHECK(streq(arrears_last_error_value(), "2/10 net -30"), "value names the text: %s", arrears_last_error_value());
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"balance\",\"due\":[{\"add_days\":30}],"
                                         "\"discounts\":[{\"percent\":\"2\",\"due\":[{\"add_days\":40}]}]}]}",
                                         &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].discounts[0].due", NULL, "discount deadline after the due date");
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"balance\",\"due\":[{\"add_days\":30}],"
                                         "\"discounts\":[{\"percent\":\"2\",\"due\":[{\"add_days\":-1}]}]}]}",
                                         &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].discounts[0].due[0]", NULL, "discount deadline before the base date");
    CHECK(streq(arrears_last_error_value(), "-1"), "value -1: %s", arrears_last_error_value());
    expect_error(arrears_terms_from_json("{\"lines\":[{\"kind\":\"balance\",\"discounts\":[{\"percent\":\"101\"}]}]}", &t),
                 ARREARS_INVALID_TERMS, "invalid_terms", "lines[0].discounts[0].percent", NULL, "discount percent over 100");
    expect_error(arrears_terms_format(NULL, &text), ARREARS_NULL_POINTER, "null_pointer", "terms", NULL, "NULL terms");
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
                 "text", NULL, "parse_terms error");
    expect_error(arrears_call_json("preset", "{\"name\":\"net_31\"}", &out), ARREARS_INVALID_TERMS, "invalid_terms", "name", NULL,
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
                minor_text(amt, sizeof amt, total[i], 2);
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
                    minor_text(bamt, sizeof bamt, b->amount[k], 2);
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
                 "unknown_currency", "currencies[0]", NULL, "unknown currency");
    CHECK(b == NULL && streq(arrears_last_error_value(), "EUX"), "out is NULL after a failure, value EUX");
    uint16_t cur_out[] = {0, 0, 0, 5};
    int64_t four[] = {100, 200, 300, 400};
    int32_t days4[] = {day0, day0, day0, day0};
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur_out, days4, NULL, 4, NULL, &b),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "invoices[3].currency", NULL, "currency index out of the list");
    uint32_t which_out[] = {0, 1, 2, 0};
    uint16_t cur4[] = {0, 0, 0, 0};
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days4, which_out, 4, NULL, &b),
                 ARREARS_INVALID_REQUEST, "invalid_request", "invoices[2].terms_index", NULL, "terms index out of the list");
    int32_t days_bad[] = {day0, INT32_MAX, day0, day0};
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days_bad, NULL, 4, NULL, &b),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "invoices[1].base_date", NULL, "base date out of range");
    const ArrearsTerms *with_null[] = {terms[0], NULL};
    expect_error(arrears_schedule_batch(with_null, 2, codes, 2, four, cur4, days4, NULL, 4, NULL, &b),
                 ARREARS_NULL_POINTER, "null_pointer", "terms[1]", NULL, "NULL terms handle");
    expect_error(arrears_schedule_batch(tl, 0, codes, 2, four, cur4, days4, NULL, 4, NULL, &b), ARREARS_INVALID_REQUEST,
                 "invalid_request", "terms", NULL, "no terms");
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, NULL, cur4, days4, NULL, 4, NULL, &b), ARREARS_NULL_POINTER,
                 "null_pointer", "total", NULL, "NULL total column");
    opt = arrears_schedule_options_default();
    opt.rounding = 42;
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days4, NULL, 4, &opt, &b), ARREARS_INVALID_ROUNDING,
                 "invalid_rounding", "rounding", NULL, "unknown rounding");
    expect_error(arrears_schedule_batch(tl, 2, codes, 2, four, cur4, days4, NULL, 4, NULL, NULL), ARREARS_NULL_POINTER,
                 "null_pointer", "out", NULL, "NULL out");
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
    expect_error(arrears_dso("1", NULL, "0", 365, 2, &out), ARREARS_INVALID_AMOUNT, "invalid_amount", "credit_sales", NULL,
                 "dso without sales");
    CHECK(out == NULL, "no output after a failure");
    expect_error(arrears_dso("1", NULL, "10", 0, 2, &out), ARREARS_INVALID_REQUEST, "invalid_request", "days", NULL,
                 "dso over 0 days");
    expect_error(arrears_dso("1", NULL, "10", 30, 11, &out), ARREARS_INVALID_PRECISION, "invalid_precision",
                 "decimals", NULL, "too many decimals");
    expect_error(arrears_dso("1.0e3", NULL, "10", 30, 2, &out), ARREARS_INVALID_AMOUNT, "invalid_amount",
                 "receivables", NULL, "exponent");
    expect_error(arrears_dso(NULL, NULL, "10", 30, 2, &out), ARREARS_NULL_POINTER, "null_pointer", "receivables", NULL,
                 "NULL receivables");
    expect_error(arrears_dso("1", NULL, "10", 30, 2, NULL), ARREARS_NULL_POINTER, "null_pointer", "out", NULL, "NULL out");
    const char *few[] = {"100", "100"};
    expect_error(arrears_countback_dso("300", few, 2, ARREARS_MONTH_DAYS_THIRTY, NULL, 2, &out, NULL),
                 ARREARS_INVALID_REQUEST, "invalid_request", "monthly_sales", NULL, "receivables beyond the months given");
    expect_error(arrears_countback_dso("3", few, 2, 7, NULL, 2, &out, NULL), ARREARS_INVALID_REQUEST,
                 "invalid_request", "month_days", NULL, "unknown month_days constant");
    expect_error(arrears_countback_dso("3", few, 2, ARREARS_MONTH_DAYS_ACTUAL, NULL, 2, &out, NULL),
                 ARREARS_INVALID_REQUEST, "invalid_request", "as_of", NULL, "actual months without as_of");
    expect_error(arrears_cei("1", "1", "1", "2", 0, 2, &out), ARREARS_INVALID_AMOUNT, "invalid_amount",
                 "ending_current_receivables", NULL, "current above total");
    const char *bad_percents[] = {"1", "120", "5"};
    expect_error(arrears_allowance(buckets, bad_percents, 3, "EUR", ARREARS_ROUND_HALF_UP, -1, NULL, &out),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "percents[1]", NULL, "a percent over 100");
    expect_error(arrears_allowance(buckets, percents, 3, "EUX", ARREARS_ROUND_HALF_UP, -1, NULL, &out),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currency", NULL, "unknown currency");
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
    test_terms();
    test_schedule_batch();
    test_metrics();
    test_vectors(argv[1]);
    return report("arrears");
}

