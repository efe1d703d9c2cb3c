/* C tests of late interest: one claim (its breakdown, a rule equal to its JSON form, typed
 * errors), the batch over plain arrays against the one-claim call, and the batch under a
 * statutory preset.
 * Usage: test_interest   (built and run under valgrind by tests/c/test.sh) */
#include "check.h"

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
                 ARREARS_INVALID_DATE, "invalid_date", "payment_dates[0]", NULL, "payment before the invoice date");
    CHECK(none == NULL && streq(arrears_last_error_value(), "2025-01-31"), "out NULL, value named");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", dates, (const char *[]){"-100.00"}, 1,
                                  &rule, NULL, NULL, &none),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "payment_amounts[0]", NULL, "negative payment");
    ArrearsInterestRule too_high = arrears_interest_rule_fixed("1000.01");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &too_high, NULL, NULL,
                                  &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.rate", NULL, "rate above 1000 %");
    CHECK(streq(arrears_last_error_value(), "1000.01"), "rate named: %s", arrears_last_error_value());
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL,
                                  "{\"rate\": \"-100.5\"}", NULL, &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.rate", NULL, "rate below -100 % (JSON)");
    const char *gap = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-01-01\", \"to\": \"2025-01-30\", "
                      "\"rate\": \"3\"}, {\"from\": \"2025-02-01\", \"rate\": \"2\"}]}}}";
    const char *overlap = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-01-01\", \"to\": \"2025-02-15\", "
                          "\"rate\": \"3\"}, {\"from\": \"2025-02-01\", \"rate\": \"2\"}]}}}";
    const char *late = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-03-15\", \"rate\": \"3\"}]}}}";
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, gap, NULL, &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates[1].from", NULL, "rate table gap");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, overlap, NULL,
                                  &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates[1].from", NULL, "rate table overlap");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, late, NULL, &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates", NULL, "rate table not covering");
    CHECK(streq(arrears_last_error_value(), "2025-03-02"), "first day without a rate: %s", arrears_last_error_value());
    ArrearsInterestRule bad_dc = arrears_interest_rule_fixed("5");
    bad_dc.day_count = 9;
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &bad_dc, NULL, NULL,
                                  &none),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.day_count", NULL, "unknown day count");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, NULL, NULL, NULL, &none),
                 ARREARS_NULL_POINTER, "null_pointer", "rule", NULL, "no rule");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &rule, "{}", NULL, &none),
                 ARREARS_INVALID_REQUEST, "invalid_request", "rule", NULL, "two rules");
    expect_error(arrears_interest("1000.00", "EUR", "2025-03-01", NULL, "2025-03-31", NULL, NULL, 0, &rule, NULL, NULL, NULL),
                 ARREARS_NULL_POINTER, "null_pointer", "out", NULL, "NULL out");
    /* unknown presets and a payment in another currency: through arrears_call_json (the vectors) */
    char *json = NULL;
    expect_error(arrears_call_json("interest",
                                   "{\"principal\": \"1000.00\", \"currency\": \"EUR\", \"due_date\": \"2025-03-01\", "
                                   "\"as_of\": \"2025-03-31\", \"rule\": {\"rate\": \"10\"}, \"events\": [{\"date\": "
                                   "\"2025-03-10\", \"amount\": \"100.00\", \"currency\": \"USD\"}]}",
                                   &json),
                 ARREARS_INVALID_REQUEST, "invalid_request", "events[0].currency", NULL, "payment in another currency");
    CHECK(json == NULL, "no output after a failure");
    expect_error(arrears_call_json("interest",
                                   "{\"principal\": \"1000.00\", \"currency\": \"EUR\", \"due_date\": \"2025-03-01\", "
                                   "\"as_of\": \"2025-03-31\", \"preset\": {\"name\": \"de_288\", \"reference_rates\": "
                                   "{\"rates\": [{\"from\": \"2025-01-01\", \"rate\": \"2.27\"}]}}}",
                                   &json),
                 ARREARS_INVALID_RULE, "invalid_rule", "preset.name", NULL, "unknown preset");
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
                 ARREARS_INVALID_REQUEST, "invalid_request", "rows[1]", NULL, "rows not ascending");

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
                 ARREARS_INVALID_REQUEST, "invalid_request", "payments[0].invoice_id", NULL, "a payment on no invoice");
    CHECK(streq(arrears_last_error_value(), "CLOSED"), "the id is named: %s", arrears_last_error_value());
    expect_error(arrears_match_payments(inv_off, inv_ids, 3, IN_N, pay_off, pay_ids, (size_t)pay_off[IN_M], IN_M, NULL, 0,
                                        true, 0, found),
                 ARREARS_INVALID_REQUEST, "invalid_request", "invoice_id_offsets[2]", NULL, "offsets past the data");

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
                 ARREARS_INVALID_DATE, "invalid_date", "payments[0].date", NULL, "batch: payment before its invoice");
    CHECK(nb == NULL, "out NULL after a failure");
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, pi, pd1, neg, 1, NULL, &nb),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "payments[0].amount", NULL, "batch: negative payment");
    int64_t a_neg[] = {10000, -5};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a_neg, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0,
                                        NULL, &nb),
                 ARREARS_INVALID_AMOUNT, "invalid_amount", "invoices[1].amount", NULL, "batch: negative amount");
    uint16_t c_bad[] = {0, 2};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c_bad, NULL, 2, NULL, 0, NULL, NULL, NULL, 0,
                                        NULL, &nb),
                 ARREARS_INVALID_REQUEST, "invalid_request", "invoices[1].currency", NULL, "batch: currency index");
    uint32_t pi_bad[] = {7};
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, pi_bad, pd1, pa1, 1, NULL,
                                        &nb),
                 ARREARS_INVALID_REQUEST, "invalid_request", "payments[0].invoice", NULL, "batch: no such invoice");
    expect_error(arrears_interest_batch(&too_high, NULL, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0,
                                        NULL, &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.rate", NULL, "batch: rate above 1000 %");
    expect_error(arrears_interest_batch(NULL, gap, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0, NULL,
                                        &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates[1].from", NULL, "batch: rate table gap");
    expect_error(arrears_interest_batch(&rule, NULL, "2025-03-31", codes, 1, NULL, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0, NULL,
                                        &nb),
                 ARREARS_NULL_POINTER, "null_pointer", "due_date", NULL, "batch: NULL column");
    /* a rate table that does not cover an invoice's days: the rule's field, as arrears_interest names it */
    const char *late = "{\"reference\": {\"table\": {\"rates\": [{\"from\": \"2025-03-20\", \"rate\": \"3\"}]}}}";
    expect_error(arrears_interest_batch(NULL, late, "2025-03-31", codes, 1, d1, a1, c1, NULL, 2, NULL, 0, NULL, NULL, NULL, 0, NULL,
                                        &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "rule.reference.table.rates", NULL, "batch: table not covering an invoice");
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
                 ARREARS_INVALID_REQUEST, "invalid_request", "preset.obligation_date", NULL, "batch preset: no date for the version");
    CHECK(nb == NULL, "out NULL after a failure");
    expect_error(arrears_interest_batch_preset("{\"name\": \"xx\", \"reference_rates\": {\"rates\": []}}", "2024-12-31", codes,
                                               1, due, amount, currency, issue, 2, NULL, 0, NULL, NULL, NULL, 0, NULL, &nb),
                 ARREARS_INVALID_RULE, "invalid_rule", "preset.reference_rates.rates", NULL, "batch preset: empty table");
}

int main(void) {
    test_interest();
    test_interest_batch();
    test_interest_batch_preset();
    return report("interest");
}
