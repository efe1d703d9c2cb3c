/* C tests of arrears_allocate_batch: values (oldest first per customer and currency, receipts in
 * date order, the id breaking ties, several threads), unmatched receipts refused or left
 * unapplied, and typed errors naming the field and value with *out left NULL; of
 * arrears_open_balances over the same item arrays (values, unknown currencies, overflow); and
 * issue 14's bad input to the object API (allocate_payment and payment_plan through
 * arrears_call_json).
 * Usage: test_allocate   (built and run under valgrind by tests/c/test.sh) */
#include "check.h"

/* Items: customer 0 has I1 (due day 20, 100.00), I2 (day 10, 100.00), I4 (day 10, 30.00, id after
 * I2) in currency 0; customer 1 has I3 (day 10, 50.00) in currency 0 and I5 (day 5, 70.00) in
 * currency 1. Ids as an Arrow-style utf8 column. */
static const uint32_t ICUST[] = {0, 0, 1, 0, 1};
static const uint16_t ICUR[] = {0, 0, 0, 0, 1};
static const int32_t IDUE[] = {20, 10, 10, 10, 5};
static const int32_t IOFF[] = {0, 2, 4, 6, 8, 10};
static const uint8_t IDATA[] = "I1I2I3I4I5";
static const int64_t IOPEN[] = {10000, 10000, 5000, 3000, 7000};
#define N 5

static void test_values(void) {
    /* customer 0 pays 150.00 on day 30 and 50.00 on day 25 (applied first); customer 1 pays 80.00
     * in currency 0 and 10.00 in currency 1 */
    uint32_t rcust[] = {0, 0, 1, 1};
    uint16_t rcur[] = {0, 0, 0, 1};
    int32_t rdate[] = {30, 25, 30, 30};
    int64_t ramount[] = {15000, 5000, 8000, 1000};
    size_t threads[] = {1, 2};
    for (size_t t = 0; t < 2; t++) {
        ArrearsAllocateOptions o = arrears_allocate_options_default();
        o.threads = threads[t];
        ArrearsAllocateBatch *b = NULL;
        ArrearsStatus st = arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, rcust, rcur, rdate,
                                                  ramount, 4, &o, &b);
        CHECK(st == ARREARS_OK, "status %d: %s", st, arrears_last_error_message());
        if (b == NULL) return;
        CHECK(b->items == N && b->receipts == 4, "sizes %zu %zu", b->items, b->receipts);
        /* day 25: 50.00 to I2; day 30: 50.00 more to I2, 30.00 to I4, 70.00 to I1 */
        int64_t applied[] = {7000, 10000, 5000, 3000, 1000};
        int64_t unapplied[] = {0, 0, 3000, 0};
        for (size_t i = 0; i < N; i++) CHECK(b->applied[i] == applied[i], "applied[%zu] %lld", i, (long long)b->applied[i]);
        for (size_t j = 0; j < 4; j++)
            CHECK(b->unapplied[j] == unapplied[j], "unapplied[%zu] %lld", j, (long long)b->unapplied[j]);
        arrears_allocate_batch_free(b);
    }
    /* NULL options are the defaults; no receipts: nothing applied */
    ArrearsAllocateBatch *b = NULL;
    ArrearsStatus st = arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, NULL, NULL, NULL, NULL, 0,
                                              NULL, &b);
    CHECK(st == ARREARS_OK && b != NULL && b->receipts == 0, "no receipts: %d", st);
    if (b != NULL) CHECK(b->applied[0] == 0 && b->applied[4] == 0, "nothing applied");
    arrears_allocate_batch_free(b);
    arrears_allocate_batch_free(NULL);
}

static void test_errors(void) {
    ArrearsAllocateBatch *b = (ArrearsAllocateBatch *)1;
    uint32_t rcust[] = {0, 1};
    uint16_t rcur[] = {0, 0};
    int32_t rdate[] = {30, 30};
    int64_t neg[] = {100, -5};
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, rcust, rcur, rdate, neg, 2, NULL, &b),
                 ARREARS_INVALID_AMOUNT, NULL, "receipts[1].amount", "-5", "a negative receipt");
    CHECK(b == NULL, "out is NULL after a failure");
    int64_t zero[] = {0, 100};
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, rcust, rcur, rdate, zero, 2, NULL, &b),
                 ARREARS_INVALID_AMOUNT, NULL, "receipts[0].amount", "0", "a zero receipt");
    int64_t ok[] = {100, 100};
    /* I4 written as I2 again: the row that repeats an earlier id, the id as the value */
    static const uint8_t REPEATED[] = "I1I2I3I2I5";
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, REPEATED, 10, IOPEN, N, rcust, rcur, rdate, ok, 2, NULL, &b),
                 ARREARS_INVALID_REQUEST, NULL, "items[3].id", "I2", "a repeated item id");
    CHECK(strstr(arrears_last_error_message(), "items[1].id") != NULL, "names the earlier row: %s",
          arrears_last_error_message());
    CHECK(b == NULL, "out is NULL after a repeated id");
    uint32_t stranger[] = {0, 9};
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, stranger, rcur, rdate, ok, 2, NULL, &b),
                 ARREARS_INVALID_REQUEST, NULL, "receipts[1].customer", "9", "an unknown customer");
    uint16_t dollars[] = {2, 0};
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, rcust, dollars, rdate, ok, 2, NULL, &b),
                 ARREARS_INVALID_REQUEST, NULL, "receipts[0].currency", "2", "a currency mismatch");
    /* left unapplied when asked */
    ArrearsAllocateOptions o = arrears_allocate_options_default();
    o.unmatched_unapplied = true;
    ArrearsStatus st =
        arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, stranger, dollars, rdate, ok, 2, &o, &b);
    CHECK(st == ARREARS_OK && b != NULL, "unapplied: %d %s", st, arrears_last_error_message());
    if (b != NULL) CHECK(b->unapplied[0] == 100 && b->unapplied[1] == 100, "both unapplied");
    arrears_allocate_batch_free(b);
    int32_t bad_off[] = {0, 2, 1, 6, 8, 10};
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, bad_off, IDATA, 10, IOPEN, N, rcust, rcur, rdate, ok, 2, NULL, &b),
                 ARREARS_INVALID_REQUEST, NULL, "item_id_offsets[2]", "1", "decreasing id offsets");
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, NULL, N, rcust, rcur, rdate, ok, 2, NULL, &b),
                 ARREARS_NULL_POINTER, NULL, "item_open", NULL, "NULL open amounts");
    expect_error(arrears_allocate_batch(ICUST, ICUR, IDUE, IOFF, IDATA, 10, IOPEN, N, rcust, rcur, rdate, ok, 2, NULL, NULL),
                 ARREARS_NULL_POINTER, NULL, "out", NULL, "NULL out");
}

/* Open balances of the items above: customer 0 has 230.00 in currency 0, customer 1 50.00 in
 * currency 0 and 70.00 in currency 1; a credit (customer 1, currency 1) counts for nothing. */
static void test_open_balances(void) {
    static const char *CODES[] = {"EUR", "USD"};
    static const uint32_t cust[] = {0, 0, 1, 0, 1, 1};
    static const uint16_t cur[] = {0, 0, 0, 0, 1, 1};
    static const int64_t open[] = {10000, 10000, 5000, 3000, 7000, -900};
    size_t threads[] = {0, 1, 2};
    for (size_t t = 0; t < 3; t++) {
        ArrearsOpenBalances *b = NULL;
        ArrearsStatus st = arrears_open_balances(cust, cur, CODES, 2, open, 6, threads[t], &b);
        CHECK(st == ARREARS_OK && b != NULL, "status %d: %s", st, arrears_last_error_message());
        if (b == NULL) return;
        CHECK(b->rows == 3, "rows %zu", b->rows);
        uint32_t wc[] = {0, 1, 1};
        uint16_t wk[] = {0, 0, 1};
        int64_t wb[] = {23000, 5000, 7000};
        for (size_t r = 0; r < 3 && r < b->rows; r++)
            CHECK(b->customer[r] == wc[r] && b->currency[r] == wk[r] && b->balance[r] == wb[r], "row %zu: %u %u %lld", r,
                  b->customer[r], b->currency[r], (long long)b->balance[r]);
        arrears_open_balances_free(b);
    }
    /* no rows: no balances (NULL arrays with n = 0 are fine, and so is an empty currency list) */
    ArrearsOpenBalances *b = NULL;
    CHECK(arrears_open_balances(NULL, NULL, NULL, 0, NULL, 0, 0, &b) == ARREARS_OK && b != NULL && b->rows == 0,
          "no rows: %s", arrears_last_error_message());
    arrears_open_balances_free(b);
    arrears_open_balances_free(NULL);

    /* bad input: the field and the value, *out NULL. C has one count for all item columns, so
     * their lengths cannot disagree; a column that is missing (NULL) is named instead. */
    b = (ArrearsOpenBalances *)1;
    static const char *UNKNOWN[] = {"EUR", "XYZ"};
    expect_error(arrears_open_balances(cust, cur, UNKNOWN, 2, open, 6, 0, &b), ARREARS_UNKNOWN_CURRENCY,
                 "unknown_currency", "currencies[1]", "XYZ", "an unknown currency code");
    CHECK(b == NULL, "out is NULL after a failure");
    static const char *TWICE[] = {"EUR", "EUR"};
    expect_error(arrears_open_balances(cust, cur, TWICE, 2, open, 6, 0, &b), ARREARS_INVALID_REQUEST, NULL,
                 "currencies[1]", "EUR", "a currency listed twice");
    static const uint16_t beyond[] = {0, 0, 0, 0, 1, 2};
    expect_error(arrears_open_balances(cust, beyond, CODES, 2, open, 6, 0, &b), ARREARS_INVALID_REQUEST, NULL,
                 "items[5].currency", "2", "a currency index outside the list");
    static const int64_t huge[] = {INT64_MAX - 5, -1, 5000, 6, 7000, -900};
    expect_error(arrears_open_balances(cust, cur, CODES, 2, huge, 6, 2, &b), ARREARS_OVERFLOW, "overflow",
                 "items[3].open", "6", "a balance beyond 2^63 - 1");
    CHECK(b == NULL, "out is NULL after an overflow");
    expect_error(arrears_open_balances(cust, cur, CODES, 2, NULL, 6, 0, &b), ARREARS_NULL_POINTER, NULL, "item_open",
                 NULL, "NULL open amounts");
    static const char *HOLE[] = {"EUR", NULL};
    expect_error(arrears_open_balances(cust, cur, HOLE, 2, open, 6, 0, &b), ARREARS_NULL_POINTER, NULL,
                 "currencies[1]", NULL, "a NULL currency code");
    expect_error(arrears_open_balances(cust, cur, CODES, 2, open, 6, 0, NULL), ARREARS_NULL_POINTER, NULL, "out", NULL,
                 "NULL out");
}

/* Issue 14's bad input through arrears_call_json (allocation and plans are not flat): each a
 * typed error naming the field and the value, the response NULL, the request usable again. */
#define ITEMS                                                                                          \
    "\"items\":[{\"id\":\"A\",\"currency\":\"EUR\",\"invoice_date\":\"2026-01-01\",\"installments\":[{" \
    "\"due_date\":\"2026-01-31\",\"amount\":\"100.00\"}]},{\"id\":\"B\",\"currency\":\"EUR\","              \
    "\"invoice_date\":\"2026-01-05\",\"installments\":[{\"due_date\":\"2026-02-04\",\"amount\":\"50.00\"}]}"
static void test_object_errors(void) {
    static const struct {
        const char *op, *request, *field, *value;
        ArrearsStatus status;
    } cases[] = {
        {"allocate_payment", "{\"payment\":{\"amount\":\"10.00\",\"currency\":\"EUR\",\"date\":\"2025-12-31\"}," ITEMS "]}",
         "payment.date", "2025-12-31", ARREARS_INVALID_DATE},
        {"allocate_payment", "{\"payment\":{\"amount\":\"-10.00\",\"currency\":\"EUR\",\"date\":\"2026-03-01\"}," ITEMS "]}",
         "payment.amount", "-10.00", ARREARS_INVALID_AMOUNT},
        {"allocate_payment", "{\"payment\":{\"amount\":\"0\",\"currency\":\"EUR\",\"date\":\"2026-03-01\"}," ITEMS "]}",
         "payment.amount", "0.00", ARREARS_INVALID_AMOUNT},
        {"allocate_payment",
         "{\"payment\":{\"amount\":\"10.00\",\"currency\":\"EUR\",\"date\":\"2026-03-01\"}," ITEMS
         "],\"strategy\":\"specified\",\"order\":[\"Z\"]}",
         "order[0]", "Z", ARREARS_INVALID_REQUEST},
        {"allocate_payment",
         "{\"payment\":{\"amount\":\"10.00\",\"currency\":\"EUR\",\"date\":\"2026-03-01\"}," ITEMS
         ",{\"id\":\"A\",\"currency\":\"EUR\",\"invoice_date\":\"2026-01-01\",\"installments\":[{\"due_date\":"
         "\"2026-01-31\",\"amount\":\"5.00\"}]}]}",
         "items[2].id", "A", ARREARS_INVALID_REQUEST},
        {"allocate_payment", "{\"payment\":{\"amount\":\"10.00\",\"currency\":\"USD\",\"date\":\"2026-03-01\"}," ITEMS "]}",
         "items[0].currency", "EUR", ARREARS_INVALID_REQUEST},
        {"payment_plan", "{\"balance\":\"1000.00\",\"currency\":\"EUR\",\"start\":\"2026-01-05\",\"installment\":\"0\"}",
         "installment", "0.00", ARREARS_INVALID_AMOUNT},
        {"payment_plan", "{\"balance\":\"1000.00\",\"currency\":\"EUR\",\"start\":\"2026-01-05\",\"installment\":\"1000.01\"}",
         "installment", "1000.01", ARREARS_INVALID_AMOUNT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)cases[i].op; /* set to NULL on failure */
        expect_error(arrears_call_json(cases[i].op, cases[i].request, &out), cases[i].status, NULL, cases[i].field,
                     cases[i].value, cases[i].field);
        CHECK(out == NULL, "%s: the response is NULL after a failure", cases[i].field);
    }
    /* the same items with a good payment: nothing of the failed calls stuck */
    char *out = NULL;
    CHECK(arrears_call_json("allocate_payment",
                            "{\"payment\":{\"amount\":\"150.00\",\"currency\":\"EUR\",\"date\":\"2026-03-01\"}," ITEMS "]}",
                            &out) == ARREARS_OK &&
              out != NULL && strstr(out, "\"unapplied\":\"0.00\"") != NULL,
          "a good payment after the failures: %s", out ? out : arrears_last_error_message());
    arrears_string_free(out);
}

int main(void) {
    test_values();
    test_errors();
    test_open_balances();
    test_object_errors();
    return report("test_allocate");
}
