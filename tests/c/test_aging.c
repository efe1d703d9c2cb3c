/* C tests of columnar aging: by integer customer keys and by utf8 customer ids, each result
 * equal to the JSON op on the same items, and typed errors.
 * Usage: test_aging   (built and run under valgrind by tests/c/test.sh) */
#include "check.h"

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
    Buf b = {0};
    char buf[256], amt[40], due[11];
    snprintf(buf, sizeof buf, "{\"as_of\":\"%s\"%s,\"items\":[", as_of, extra);
    put(&b, buf);
    for (int i = 0; i < AG_N; i++) {
        minor_text(amt, sizeof amt, ag_amount[i], 2);
        arrears_date_of_day_number(ag_due[i], due);
        snprintf(buf, sizeof buf, "%s{\"customer\":\"C%u\",\"currency\":\"%s\",\"due_date\":\"%s\",\"amount\":\"%s\"%s}",
                 i ? "," : "", ag_customer[i], ag_codes[ag_currency[i]], due, amt,
                 ag_disputed[i] ? ",\"disputed\":true" : "");
        put(&b, buf);
    }
    put(&b, "]}");
    return b.s;
}

/* The rows of a typed result in the JSON op's canonical form: "rows":[...] */
static char *aging_rows_json(const ArrearsAging *a) {
    Buf b = {0};
    char buf[256], amt[40];
    put(&b, "\"rows\":[");
    for (size_t r = 0; r < a->rows; r++) {
        put(&b, r ? ",{\"buckets\":[" : "{\"buckets\":[");
        for (size_t c = 0; c < a->columns; c++) {
            minor_text(amt, sizeof amt, a->cells[r * a->columns + c], 2);
            snprintf(buf, sizeof buf, "%s\"%s\"", c ? "," : "", amt);
            put(&b, buf);
        }
        char dis[40], tot[40];
        minor_text(dis, sizeof dis, a->disputed[r], 2);
        minor_text(tot, sizeof tot, a->total[r], 2);
        snprintf(buf, sizeof buf, "],\"currency\":\"%s\",\"customer\":\"C%u\",\"disputed\":\"%s\",\"items\":%lld,\"total\":\"%s\"}",
                 a->currencies[a->currency[r]], a->customer[r], dis, (long long)a->items[r], tot);
        put(&b, buf);
    }
    put(&b, "]");
    return b.s;
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
        Buf want = {0};
        char buf[128], amt[40];
        put(&want, "{\"buckets\":[");
        for (size_t c = 0; c < a->columns; c++) {
            minor_text(amt, sizeof amt, a->totals_cells[t * a->columns + c], 2);
            snprintf(buf, sizeof buf, "%s\"%s\"", c ? "," : "", amt);
            put(&want, buf);
        }
        minor_text(amt, sizeof amt, a->totals_disputed[t], 2);
        snprintf(buf, sizeof buf, "],\"currency\":\"%s\",\"disputed\":\"%s\",\"items\":%lld,",
                 a->currencies[a->totals_currency[t]], amt, (long long)a->totals_items[t]);
        put(&want, buf);
        minor_text(amt, sizeof amt, a->totals_total[t], 2);
        snprintf(buf, sizeof buf, "\"total\":\"%s\"}", amt);
        CHECK(resp != NULL && strstr(resp, want.s) != NULL && strstr(strstr(resp, want.s), buf) != NULL,
              "%s: totals[%zu] %s ... %s in %s", what, t, want.s, buf, resp ? resp : "(null)");
        free(want.s);
    }
    free(rows);
    free(req);
    arrears_string_free(resp);
}

/* The items of aging_data aged under `spec` (two threads). */
static ArrearsStatus aging_under(const ArrearsAgingSpec *spec, ArrearsAging **out) {
    return arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, spec, out);
}

static void test_aging(void) {
    int32_t as_of = 0;
    CHECK(arrears_day_number("2026-11-24", &as_of) == ARREARS_OK && as_of == 20781, "day number %d", as_of);
    char back[11];
    CHECK(arrears_date_of_day_number(as_of, back) == ARREARS_OK && streq(back, "2026-11-24"), "date %s", back);
    expect_error(arrears_day_number("2026-02-29", &as_of), ARREARS_INVALID_DATE, "invalid_date", "date", NULL, "Feb 29 2026");
    expect_error(arrears_date_of_day_number(INT32_MAX, back), ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "day", NULL,
                 "day past 9999-12-31");
    expect_error(arrears_day_number("2026-01-01", NULL), ARREARS_NULL_POINTER, "null_pointer", "out_day", NULL, "NULL out_day");
    as_of = 20781;
    aging_data(as_of);

    ArrearsAgingSpec spec = arrears_aging_spec_default();
    spec.as_of_date = "2026-11-24";
    ArrearsAging *a = NULL;
    /* An impossible count (more bytes than any array can have) is refused before a slice is made. */
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, SIZE_MAX / 2, 2,
                               &spec, &a),
                 ARREARS_LIMIT_EXCEEDED, "limit_exceeded", "customer", NULL, "n = SIZE_MAX / 2");
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
    expect_error(arrears_aging_merge(a, other, &merged), ARREARS_INVALID_REQUEST, "invalid_request", "spec", NULL,
                 "merge of different as_of");
    CHECK(merged == NULL, "no merge result after a failure");
    /* mixed decimal scales do not merge (issue 3) */
    ArrearsAging *scale3 = NULL;
    /* the same amounts at 3 decimals (a two-decimal currency takes no third decimal: issue 12) */
    int64_t amount3[AG_N];
    for (int r = 0; r < AG_N; r++) amount3[r] = ag_amount[r] * 10;
    st = arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, amount3, NULL, AG_N, 3, &spec, &scale3);
    CHECK(st == ARREARS_OK, "scale 3: %d %s", st, arrears_last_error_message());
    expect_error(arrears_aging_merge(a, scale3, &merged), ARREARS_INVALID_AMOUNT, "invalid_amount", "scale", NULL,
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
        expect_error(arrears_aging_merge(p1, p2, &merged), ARREARS_OVERFLOW, "overflow", "amount", NULL,
                     "merged row total beyond 64 bits");
        CHECK(merged == NULL, "no merge result after an overflow");
        arrears_aging_free(p1);
        arrears_aging_free(p2);
    }
    expect_error(arrears_aging_merge(a, NULL, &merged), ARREARS_NULL_POINTER, "null_pointer", "b", NULL, "merge NULL");
    arrears_aging_free(other);
    arrears_aging_free(a);

    /* errors: the items of aging_data under a bad spec, then bad columns */
    ArrearsAging *e = (ArrearsAging *)1;
    int32_t unsorted[] = {30, 90, 60}, dup[] = {30, 30};
    ArrearsAgingSpec bad = spec;
    bad.bounds = unsorted;
    bad.bounds_len = 3;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "bounds[2]", NULL, "unsorted bounds");
    CHECK(e == NULL, "out is NULL after a failure");
    bad.bounds = dup;
    bad.bounds_len = 2;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "bounds[1]", NULL, "duplicate bounds");
    bad.bounds = NULL;
    bad.bounds_len = 3;
    expect_error(aging_under(&bad, &e), ARREARS_NULL_POINTER, "null_pointer", "bounds", NULL, "NULL bounds with a length");
    bad = spec;
    bad.labels = labels;
    bad.labels_len = 2;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "labels", NULL, "wrong number of labels");
    bad = arrears_aging_spec_default();
    expect_error(aging_under(&bad, &e), ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "as_of", NULL, "report date not set");
    bad = spec;
    bad.basis = 5;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "basis", NULL, "unknown basis");
    bad = spec;
    bad.not_due = -1;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "not_due", NULL, "unknown not_due");
    bad = spec;
    bad.credits = 2;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "credits", NULL, "unknown credits");
    bad = spec;
    bad.as_of_date = "2026-13-01";
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_DATE, "invalid_date", "as_of_date", NULL, "bad as_of_date");
    bad = spec;
    bad.basis = ARREARS_AGE_BASIS_ISSUE_DATE;
    expect_error(aging_under(&bad, &e), ARREARS_INVALID_REQUEST, "invalid_request", "issue_date", NULL, "issue basis without issue dates");
    int32_t due_bad[AG_N];
    memcpy(due_bad, ag_due, sizeof due_bad);
    due_bad[17] = INT32_MIN;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, due_bad, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "items[17].due_date", NULL, "bad due date row");
    uint16_t cur_bad[AG_N];
    memcpy(cur_bad, ag_currency, sizeof cur_bad);
    cur_bad[3] = 2;
    expect_error(arrears_aging(ag_customer, cur_bad, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "items[3].currency", NULL, "currency index out of the list");
    uint8_t dis_bad[AG_N] = {0};
    dis_bad[5] = 2;
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, dis_bad, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "items[5].disputed", NULL, "disputed flag 2");
    const char *unknown[] = {"EUR", "EUX"};
    expect_error(arrears_aging(ag_customer, ag_currency, unknown, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currencies[1]", NULL, "unknown currency code");
    const char *null_code[] = {"EUR", NULL};
    expect_error(arrears_aging(ag_customer, ag_currency, null_code, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currencies[1]", NULL, "NULL currency code");
    expect_error(arrears_aging(NULL, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "customer", NULL, "NULL customer column");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, NULL, NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "amount", NULL, "NULL amount column");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, NULL, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "spec", NULL, "NULL spec");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 19, &spec, &e),
                 ARREARS_INVALID_PRECISION, "invalid_precision", "scale", NULL, "scale 19");
    expect_error(arrears_aging(ag_customer, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL, AG_N, 2, &spec, NULL),
                 ARREARS_NULL_POINTER, "null_pointer", "out", NULL, "NULL out");
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
    expect_error(arrears_aging_merge(left, int_result, &merged), ARREARS_INVALID_REQUEST, "invalid_request", "b", NULL,
                 "merge of a utf8 result with an integer one");
    CHECK(merged == NULL, "no merge result after a failure");
    expect_error(arrears_aging_merge(int_result, left, &merged), ARREARS_INVALID_REQUEST, "invalid_request", "b", NULL,
                 "merge of an integer result with a utf8 one");
    arrears_aging_free(int_result);
    arrears_aging_free(left);
    arrears_aging_free(right);
    arrears_aging_free(u);

    /* errors: NULL arguments */
    ArrearsAging *e = (ArrearsAging *)1;
    expect_error(arrears_aging_utf8(NULL, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "id_offsets", NULL, "NULL id_offsets");
    CHECK(e == NULL, "out is NULL after a failure");
    expect_error(arrears_aging_utf8(ut_offsets, NULL, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "id_data", NULL, "NULL id_data");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, NULL, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currency", NULL, "NULL currency");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, NULL, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currencies", NULL, "NULL currency list");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, NULL, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "due_date", NULL, "NULL due_date");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, NULL, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "amount", NULL, "NULL amount");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, NULL, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "spec", NULL, "NULL spec");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, NULL),
                 ARREARS_NULL_POINTER, "null_pointer", "out", NULL, "NULL out");
    const char *null_code[] = {"EUR", NULL};
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, null_code, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_NULL_POINTER, "null_pointer", "currencies[1]", NULL, "NULL currency code");

    /* errors: bad offsets */
    int32_t offs[AG_N + 1];
    memcpy(offs, ut_offsets, sizeof offs);
    offs[0] = -1;
    expect_error(arrears_aging_utf8(offs, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "id_offsets[0]", NULL, "negative first offset");
    CHECK(streq(arrears_last_error_value(), "-1"), "value -1: %s", arrears_last_error_value());
    memcpy(offs, ut_offsets, sizeof offs);
    offs[7] = offs[6] - 1;
    expect_error(arrears_aging_utf8(offs, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "id_offsets[7]", NULL, "decreasing offset");
    char last[32];
    snprintf(last, sizeof last, "id_offsets[%d]", AG_N);
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len - 1, ag_currency, ag_codes, 2, ag_due, NULL,
                                    ag_amount, NULL, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", last, NULL, "offsets past the end of id_data");

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
                 ARREARS_INVALID_UTF8, "invalid_utf8", "items[20].customer", NULL, "id not UTF-8, the long id before it fine");
    /* from row 10 on, only row 20 is bad */
    expect_error(arrears_aging_utf8(bad_offs + 10, bad_data, len, ag_currency + 10, ag_codes, 2, ag_due + 10, NULL,
                                    ag_amount + 10, NULL, AG_N - 10, 2, &spec, &e),
                 ARREARS_INVALID_UTF8, "invalid_utf8", "items[10].customer", NULL, "id not UTF-8");
    CHECK(streq(arrears_last_error_value(), "\\x80X"), "the bad bytes, escaped: %s", arrears_last_error_value());

    /* errors: rows, named as arrears_aging names them */
    uint16_t cur_bad[AG_N];
    memcpy(cur_bad, ag_currency, sizeof cur_bad);
    cur_bad[3] = 2;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, cur_bad, ag_codes, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "items[3].currency", NULL, "currency index out of the list");
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
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "items[17].due_date", NULL, "due date out of range");
    ArrearsAgingSpec by_issue = spec;
    by_issue.basis = ARREARS_AGE_BASIS_ISSUE_DATE;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, due_bad, ag_amount,
                                    NULL, AG_N, 2, &by_issue, &e),
                 ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range", "items[17].issue_date", NULL, "issue date out of range");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &by_issue, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "issue_date", NULL, "issue basis without issue dates");
    uint8_t dis_bad[AG_N] = {0};
    dis_bad[5] = 2;
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    dis_bad, AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "items[5].disputed", NULL, "disputed flag 2");
    const char *unknown[] = {"EUR", "EUX"}, *twice[] = {"EUR", "EUR"};
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, unknown, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 2, &spec, &e),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currencies[1]", NULL, "unknown currency code");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, twice, 2, ag_due, NULL, ag_amount, NULL,
                                    AG_N, 2, &spec, &e),
                 ARREARS_INVALID_REQUEST, "invalid_request", "currencies[1]", NULL, "duplicate currency code");
    expect_error(arrears_aging_utf8(ut_offsets, ut_data, data_len, ag_currency, ag_codes, 2, ag_due, NULL, ag_amount,
                                    NULL, AG_N, 19, &spec, &e),
                 ARREARS_INVALID_PRECISION, "invalid_precision", "scale", NULL, "scale 19");
    /* a sum past int64: two items of the same customer and currency */
    int32_t two_offs[] = {0, 4, 8};
    const uint8_t two_ids[] = "ACMEACME";
    uint16_t two_cur[] = {0, 0};
    int32_t two_due[] = {as_of, as_of};
    int64_t huge[] = {INT64_MAX, 1};
    uint32_t two_keys[] = {0, 0};
    expect_error(arrears_aging_utf8(two_offs, two_ids, 8, two_cur, ag_codes, 1, two_due, NULL, huge, NULL, 2, 2, &spec,
                                    &e),
                 ARREARS_OVERFLOW, "overflow", "items[1].amount", NULL, "sum past int64");
    /* the error names the amount that takes the sum out of range (issue 12), not the currency */
    CHECK(streq(arrears_last_error_value(), "0.01"), "the amount as text: %s", arrears_last_error_value());
    ArrearsStatus int_st =
        arrears_aging(two_keys, two_cur, ag_codes, 1, two_due, NULL, huge, NULL, 2, 2, &spec, &e);
    CHECK(int_st == ARREARS_OVERFLOW && streq(arrears_last_error_field(), "items[1].amount"), "arrears_aging agrees: %d %s",
          int_st, arrears_last_error_message());
    CHECK(e == NULL, "out stays NULL");

    /* no rows is fine, with NULL columns; the result still has its (one) offset */
    st = arrears_aging_utf8(NULL, NULL, 0, NULL, NULL, 0, NULL, NULL, NULL, NULL, 0, 2, &spec, &e);
    CHECK(st == ARREARS_OK && e != NULL && e->rows == 0 && e->ids_len == 0 && e->id_offsets != NULL &&
              e->id_offsets[0] == 0 && e->totals_len == 0,
          "empty utf8 aging %d %s", st, arrears_last_error_message());
    arrears_aging_free(e);
}

int main(void) {
    test_aging();
    test_aging_utf8();
    return report("aging");
}
