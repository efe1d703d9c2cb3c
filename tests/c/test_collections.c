/* C tests of the collections calls of libarrears: arrears_worklist_batch equals the `worklist`
 * operation of arrears_call_json (its rows written back as the operation's canonical JSON) on a
 * random ledger, and bad input is a typed error naming the field and value, never a crash.
 * Built and run under valgrind by tests/c/test.sh. */
#include "check.h"

static void putf_money(Buf *b, long long cents) {
    char t[64];
    snprintf(t, sizeof t, "\"%s%lld.%02lld\"", cents < 0 ? "-" : "", llabs(cents) / 100, llabs(cents) % 100);
    put(b, t);
}

static void put_date(Buf *b, int32_t day) {
    char d[11];
    arrears_date_of_day_number(day, d);
    put(b, "\"");
    put(b, d);
    put(b, "\"");
}

#define N 80
#define K 30
#define M 120
static int32_t inv_off[N + 1], cust_off[N + 1], due[N], c_inv_off[K + 1], c_cust_off[K + 1], c_due[K];
static char inv_data[N * 8], cust_data[N * 8], c_inv_data[K * 8], c_cust_data[K * 8], pay_data[M * 8];
static uint16_t cur[N];
static int64_t open_amount[N], pay_amount[M];
static uint8_t disputed[N];
static int32_t pay_off[M + 1], pay_date[M];
static const char *codes[] = {"EUR", "USD"};
static uint32_t seed = 12345;

static uint32_t rnd(uint32_t n) {
    seed ^= seed << 13;
    seed ^= seed >> 17;
    seed ^= seed << 5;
    return seed % n;
}

/* Appends an id to an Arrow-style utf8 column. */
static void id(char *data, int32_t *off, int i, const char *text) {
    size_t n = strlen(text);
    memcpy(data + off[i], text, n);
    off[i + 1] = off[i] + (int32_t)n;
}

static void ledger(int32_t as_of) {
    char t[16];
    for (int i = 0; i < N; i++) {
        snprintf(t, sizeof t, "O%d", i);
        id(inv_data, inv_off, i, t);
        snprintf(t, sizeof t, "C%u", rnd(7));
        id(cust_data, cust_off, i, t);
        due[i] = as_of - 400 + (int32_t)rnd(450);
        cur[i] = (uint16_t)rnd(2);
        open_amount[i] = (int64_t)rnd(500000) - 3000;
        disputed[i] = rnd(8) == 0;
    }
    for (int i = 0; i < K; i++) {
        snprintf(t, sizeof t, "X%d", i);
        id(c_inv_data, c_inv_off, i, t);
        snprintf(t, sizeof t, "C%u", rnd(7));
        id(c_cust_data, c_cust_off, i, t);
        c_due[i] = as_of - 600 + (int32_t)rnd(500);
    }
    for (int j = 0; j < M; j++) {
        uint32_t r = rnd(N + K + 1);
        if (r < N) {
            snprintf(t, sizeof t, "O%u", r);
            pay_date[j] = due[r] - 15 + (int32_t)rnd(120);
        } else if (r < N + K) {
            snprintf(t, sizeof t, "X%u", r - N);
            pay_date[j] = c_due[r - N] - 15 + (int32_t)rnd(120);
        } else {
            snprintf(t, sizeof t, "NONE");
            pay_date[j] = as_of;
        }
        id(pay_data, pay_off, j, t);
        pay_amount[j] = 1 + (int64_t)rnd(40000);
    }
}

/* The same ledger as a `worklist` request. */
static char *request(const char *config) {
    Buf b = {0};
    char t[64];
    put(&b, "{\"config\":");
    put(&b, config);
    put(&b, ",\"open\":[");
    for (int i = 0; i < N; i++) {
        put(&b, i ? ",{\"customer\":\"" : "{\"customer\":\"");
        snprintf(t, sizeof t, "%.*s", cust_off[i + 1] - cust_off[i], cust_data + cust_off[i]);
        put(&b, t);
        put(&b, "\",\"currency\":\"");
        put(&b, codes[cur[i]]);
        put(&b, "\",\"due_date\":");
        put_date(&b, due[i]);
        put(&b, ",\"open_amount\":");
        putf_money(&b, open_amount[i]);
        put(&b, disputed[i] ? ",\"disputed\":true}" : "}");
    }
    put(&b, "],\"history\":[");
    int first = 1;
    for (int j = 0; j < M; j++) {
        int len = pay_off[j + 1] - pay_off[j];
        const char *p = pay_data + pay_off[j];
        int32_t d;
        char who[16];
        if (p[0] == 'O' || p[0] == 'X') {
            int k = atoi(p + 1);
            (void)len;
            if (p[0] == 'O') {
                d = due[k];
                snprintf(who, sizeof who, "%.*s", cust_off[k + 1] - cust_off[k], cust_data + cust_off[k]);
            } else {
                d = c_due[k];
                snprintf(who, sizeof who, "%.*s", c_cust_off[k + 1] - c_cust_off[k], c_cust_data + c_cust_off[k]);
            }
        } else {
            continue;
        }
        put(&b, first ? "{\"customer\":\"" : ",{\"customer\":\"");
        first = 0;
        put(&b, who);
        put(&b, "\",\"due_date\":");
        put_date(&b, d);
        put(&b, ",\"paid_date\":");
        put_date(&b, pay_date[j]);
        put(&b, ",\"amount\":");
        putf_money(&b, pay_amount[j]);
        put(&b, "}");
    }
    put(&b, "]}");
    return b.s;
}

/* The batch's rows as the operation's canonical JSON (sorted keys). */
static char *rows_json(const ArrearsWorklist *w) {
    Buf b = {0};
    char t[128];
    put(&b, "{\"rows\":[");
    for (size_t i = 0; i < w->rows_len; i++) {
        const ArrearsWorklistRow *r = &w->rows[i];
        snprintf(t, sizeof t, "%s{\"avg_late\":%lld,\"components\":[", i ? "," : "", (long long)r->avg_late);
        put(&b, t);
        for (size_t c = 0; c < r->components_len; c++) {
            put(&b, c ? ",{\"basis\":\"" : "{\"basis\":\"");
            put(&b, r->components[c].basis);
            put(&b, "\",\"name\":\"");
            put(&b, r->components[c].name);
            put(&b, "\",\"value\":\"");
            put(&b, r->components[c].value);
            put(&b, "\"}");
        }
        put(&b, "],\"currency\":\"");
        put(&b, r->currency);
        put(&b, "\",\"customer\":\"");
        put(&b, r->customer);
        put(&b, "\",\"disputed\":\"");
        put(&b, r->disputed);
        snprintf(t, sizeof t, "\",\"max_dpd\":%d,\"n_overdue\":%llu,\"overdue\":\"", r->max_dpd,
                 (unsigned long long)r->n_overdue);
        put(&b, t);
        put(&b, r->overdue);
        snprintf(t, sizeof t, "\",\"rank\":%zu,\"score\":\"", r->rank);
        put(&b, t);
        put(&b, r->score);
        put(&b, "\"}");
    }
    put(&b, "]}");
    return b.s;
}

static void test_worklist_batch(void) {
    int32_t as_of = 0;
    arrears_day_number("2025-06-30", &as_of);
    ledger(as_of);
    ArrearsWorklistInvoices open = {inv_off, (const uint8_t *)inv_data, (size_t)inv_off[N], cust_off,
                                    (const uint8_t *)cust_data, (size_t)cust_off[N], due, cur, open_amount, disputed, N};
    ArrearsWorklistInvoices closed = {c_inv_off, (const uint8_t *)c_inv_data, (size_t)c_inv_off[K], c_cust_off,
                                      (const uint8_t *)c_cust_data, (size_t)c_cust_off[K], c_due, NULL, NULL, NULL, K};
    ArrearsWorklistPayments pay = {pay_off, (const uint8_t *)pay_data, (size_t)pay_off[M], pay_date, pay_amount, M};
    const char *configs[] = {
        "{\"as_of\":\"2025-06-30\",\"fx\":{\"USD\":\"0.92\"}}",
        "{\"as_of\":\"2025-06-30\",\"fx\":{\"USD\":\"0.92\"},\"top_k\":4,\"scoring\":{\"product\":{\"dpd_offset\":30,"
        "\"dpd_cap\":365,\"late_offset\":30,\"late_cap\":120}}}",
        "{\"as_of\":\"2025-06-30\",\"fx\":{\"USD\":\"0.92\"},\"by\":\"customer\",\"include_disputed\":true}",
    };
    for (size_t c = 0; c < sizeof configs / sizeof configs[0]; c++) {
        for (size_t threads = 1; threads <= 2; threads++) {
            ArrearsWorklist *w = NULL;
            ArrearsStatus st = arrears_worklist_batch(configs[c], codes, 2, 2, &open, &closed, &pay, threads, &w);
            CHECK(st == ARREARS_OK && w != NULL, "worklist batch %zu: %s", c, arrears_last_error_message());
            if (st != ARREARS_OK) continue;
            char *req = request(configs[c]);
            char *want = NULL;
            st = arrears_call_json("worklist", req, &want);
            CHECK(st == ARREARS_OK, "worklist json %zu: %s", c, arrears_last_error_message());
            char *got = rows_json(w);
            size_t at = 0;
            while (want != NULL && got[at] != '\0' && got[at] == want[at]) at++;
            at = at > 80 ? at - 80 : 0;
            CHECK(streq(got, want), "config %zu: the batch differs from the operation from byte %zu:\n  got  %.200s\n  want %.200s",
                  c, at, got + at, want ? want + at : "(null)");
            CHECK(w->rows_len > 0, "config %zu: some rows", c);
            free(got);
            free(req);
            arrears_string_free(want);
            arrears_worklist_free(w);
        }
    }
    arrears_worklist_free(NULL);

    /* Bad input: typed errors naming the field and its value. */
    ArrearsWorklist *w = (ArrearsWorklist *)&open; /* set to NULL on failure */
    const char *cfg = configs[0];
    uint16_t bad_cur[N];
    memcpy(bad_cur, cur, sizeof cur);
    bad_cur[5] = 9;
    ArrearsWorklistInvoices o2 = open;
    o2.currency = bad_cur;
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, &o2, NULL, NULL, 0, &w), ARREARS_INVALID_REQUEST,
                 "invalid_request", "invoices[5].currency", "9", "currency index");
    CHECK(w == NULL, "out is NULL after a failure");
    uint8_t bad_disp[N] = {0};
    bad_disp[3] = 2;
    o2 = open;
    o2.disputed = bad_disp;
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, &o2, NULL, NULL, 0, &w), ARREARS_INVALID_REQUEST,
                 "invalid_request", "invoices[3].disputed", "2", "disputed flag");
    int32_t bad_off[N + 1];
    memcpy(bad_off, inv_off, sizeof inv_off);
    bad_off[7] = -1;
    o2 = open;
    o2.invoice_id_offsets = bad_off;
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, &o2, NULL, NULL, 0, &w), ARREARS_INVALID_REQUEST,
                 "invalid_request", "invoices.invoice_id_offsets[7]", "-1", "negative offset");
    int64_t refund[M];
    memcpy(refund, pay_amount, sizeof refund);
    refund[M - 1] = -125;
    ArrearsWorklistPayments p2 = pay;
    p2.amount = refund;
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, &open, &closed, &p2, 0, &w), ARREARS_INVALID_REQUEST,
                 "invalid_request", "payments[119].amount", "-125", "a refund in the payment history");
    expect_error(arrears_worklist_batch("{\"as_of\":\"2025-06-30\"}", codes, 2, 2, &open, NULL, NULL, 0, &w),
                 ARREARS_INVALID_REQUEST, "invalid_request", "currencies[1]", "USD", "currency without a rate");
    /* JPY has no decimals: an open amount in cents that is not whole yen is refused, as the
     * object API refuses 5.50 JPY (the first such row, its amount as written) */
    const char *yen[] = {"EUR", "JPY"};
    size_t first = N;
    for (size_t i = 0; i < N && first == N; i++) {
        if (cur[i] == 1 && open_amount[i] % 100 != 0) first = i;
    }
    if (first < N) {
        char field[64], value[32];
        snprintf(field, sizeof field, "invoices[%zu].open_amount", first);
        long long v = open_amount[first];
        snprintf(value, sizeof value, "%s%lld.%02lld", v < 0 ? "-" : "", (v < 0 ? -v : v) / 100, (v < 0 ? -v : v) % 100);
        expect_error(arrears_worklist_batch("{\"as_of\":\"2025-06-30\",\"fx\":{\"JPY\":\"0.006\"}}", yen, 2, 2, &open,
                                            NULL, NULL, 0, &w),
                     ARREARS_INVALID_AMOUNT, "invalid_amount", field, value, "cents of yen");
    }
    CHECK(first < N, "the ledger has a row of the second currency in cents");
    const char *not_iso[] = {"EUR", "dollars"};
    expect_error(arrears_worklist_batch("{\"as_of\":\"2025-06-30\",\"fx\":{\"dollars\":\"0.9\"}}", not_iso, 2, 2,
                                        &open, NULL, NULL, 0, &w),
                 ARREARS_UNKNOWN_CURRENCY, "unknown_currency", "currencies[1]", "dollars", "not ISO 4217");
    expect_error(arrears_worklist_batch("{\"as_of\":\"2025-06-30\",\"fx\":{\"USD\":\"-1\"}}", codes, 2, 2, &open, NULL,
                                        NULL, 0, &w),
                 ARREARS_INVALID_REQUEST, "invalid_request", "config.fx.USD", "-1", "negative rate");
    expect_error(arrears_worklist_batch("{\"as_of\":\"2025-06-30\",\"top\":3}", codes, 2, 2, &open, NULL, NULL, 0, &w),
                 ARREARS_INVALID_REQUEST, "invalid_request", "config.top", NULL, "unknown config field");
    expect_error(arrears_worklist_batch("{\"as_of\":\"2025-02-30\"}", codes, 2, 2, &open, NULL, NULL, 0, &w),
                 ARREARS_INVALID_DATE, "invalid_date", "config.as_of", NULL, "bad date");
    expect_error(arrears_worklist_batch(cfg, codes, 2, 19, &open, NULL, NULL, 0, &w), ARREARS_INVALID_PRECISION,
                 "invalid_precision", "scale", "19", "scale");
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, NULL, NULL, NULL, 0, &w), ARREARS_NULL_POINTER, "null_pointer",
                 "open", NULL, "no invoices");
    o2 = open;
    o2.due_date = NULL;
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, &o2, NULL, NULL, 0, &w), ARREARS_NULL_POINTER, "null_pointer",
                 "invoices.due_date", NULL, "NULL column");
    expect_error(arrears_worklist_batch(cfg, codes, 2, 2, &open, NULL, NULL, 0, NULL), ARREARS_NULL_POINTER,
                 "null_pointer", "out", NULL, "NULL out");
    char long_ids[] = "ACUSTOMER-WITH-A-LONG-NAME";
    int32_t long_off[] = {0, 1, (int32_t)strlen(long_ids)};
    int32_t due2[] = {as_of - 10, as_of - 10};
    int64_t amount2[] = {100, 100};
    ArrearsWorklistInvoices o3 = {inv_off, (const uint8_t *)inv_data, (size_t)inv_off[2], long_off,
                                  (const uint8_t *)long_ids, strlen(long_ids), due2, cur, amount2, NULL, 2};
    /* ids of any length: a customer id past the 15 bytes of a packed key is interned, not refused */
    ArrearsStatus st = arrears_worklist_batch(cfg, codes, 2, 2, &o3, NULL, NULL, 0, &w);
    CHECK(st == ARREARS_OK, "long customer id: status %d (%s)", st, arrears_last_error_message());
    if (st == ARREARS_OK) {
        int found = 0;
        for (size_t i = 0; i < w->rows_len; i++) {
            found |= streq(w->rows[i].customer, "CUSTOMER-WITH-A-LONG-NAME");
        }
        CHECK(found, "long customer id: its row");
        arrears_worklist_free(w);
    }
}

static const char *DECISIONS[] = {"approve", "review", "hold"};
static const char *TIERS[] = {"A", "B", "C"};

/* A credit decision written back as the `credit_check` operation's JSON. */
static char *credit_json(const char *customer, const ArrearsCreditDecision *d) {
    Buf b = {0};
    put(&b, "{\"available\":\"");
    put(&b, d->available);
    put(&b, "\",\"available_after\":\"");
    put(&b, d->available_after);
    put(&b, "\",\"customer\":\"");
    put(&b, customer);
    put(&b, "\",\"decision\":\"");
    put(&b, DECISIONS[d->decision]);
    put(&b, "\",\"exposure\":\"");
    put(&b, d->exposure);
    put(&b, "\",\"reasons\":[");
    for (size_t i = 0; i < d->reasons_len; i++) {
        put(&b, i ? ",{\"decision\":\"" : "{\"decision\":\"");
        put(&b, DECISIONS[d->reasons[i].decision]);
        put(&b, "\",\"detail\":\"");
        put(&b, d->reasons[i].detail);
        put(&b, "\",\"rule\":\"");
        put(&b, d->reasons[i].rule);
        put(&b, "\"}");
    }
    put(&b, "]}");
    return b.s;
}

static void check_credit(const ArrearsCreditRequest *r, const char *json, const char *what) {
    ArrearsCreditDecision *d = NULL;
    ArrearsStatus st = arrears_credit_check(r, &d);
    CHECK(st == ARREARS_OK, "%s: %s", what, arrears_last_error_message());
    char *want = NULL;
    st = arrears_call_json("credit_check", json, &want);
    CHECK(st == ARREARS_OK, "%s (json): %s", what, arrears_last_error_message());
    if (d != NULL && want != NULL) {
        char *got = credit_json(r->customer, d);
        CHECK(streq(got, want), "%s:\n  got  %s\n  want %s", what, got, want);
        free(got);
    }
    arrears_string_free(want);
    arrears_credit_decision_free(d);
}

static void test_credit_check(void) {
    ArrearsCreditRequest r = arrears_credit_request_default();
    r.customer = "ACME";
    r.credit_limit = "10000";
    r.open_receivables = "6000";
    r.open_orders = "2000";
    r.collateral = "1000";
    r.order = "2500";
    r.max_days_overdue = 12;
    check_credit(&r, "{\"customer\":\"ACME\",\"credit_limit\":\"10000\",\"open_receivables\":\"6000\",\"open_orders\":\"2000\","
                     "\"collateral\":\"1000\",\"order\":\"2500\",\"max_days_overdue\":12}", "review at 95 % use");
    r.max_days_overdue = 75;
    r.plan_broken = true;
    r.order = "5000.50";
    check_credit(&r, "{\"customer\":\"ACME\",\"credit_limit\":\"10000\",\"open_receivables\":\"6000\",\"open_orders\":\"2000\","
                     "\"collateral\":\"1000\",\"order\":\"5000.50\",\"max_days_overdue\":75,\"plan_broken\":true}",
                 "hold: over the limit, 75 days, broken plan");
    ArrearsCreditRequest q = arrears_credit_request_default();
    q.customer = "B";
    q.credit_limit = "500";
    q.open_receivables = "-20";
    q.order = "100";
    q.hold_days_overdue = 0;
    q.review_days_overdue = 0;
    q.hold_if_plan_broken = false;
    q.review_use_percent = NULL;
    q.max_days_overdue = 400;
    q.plan_broken = true;
    check_credit(&q, "{\"customer\":\"B\",\"credit_limit\":\"500\",\"open_receivables\":\"-20\",\"order\":\"100\","
                     "\"max_days_overdue\":400,\"plan_broken\":true,\"rules\":{\"hold_days_overdue\":null,"
                     "\"review_days_overdue\":null,\"hold_if_plan_broken\":false,\"review_use_percent\":null}}",
                 "no rules: approve");

    ArrearsCreditDecision *d = (ArrearsCreditDecision *)&r; /* set to NULL on failure */
    ArrearsCreditRequest e = r;
    e.order = "-5";
    expect_error(arrears_credit_check(&e, &d), ARREARS_INVALID_REQUEST, "invalid_request", "order", "-5", "negative order");
    CHECK(d == NULL, "out is NULL after a failure");
    e = r;
    e.hold_days_overdue = -3;
    expect_error(arrears_credit_check(&e, &d), ARREARS_INVALID_REQUEST, "invalid_request", "rules.hold_days_overdue", "-3",
                 "negative threshold");
    e = r;
    e.credit_limit = "12,5";
    expect_error(arrears_credit_check(&e, &d), ARREARS_INVALID_AMOUNT, "invalid_amount", "credit_limit", NULL, "bad amount");
    e = r;
    e.review_use_percent = "-1";
    expect_error(arrears_credit_check(&e, &d), ARREARS_INVALID_REQUEST, "invalid_request", "rules.review_use_percent", "-1",
                 "negative percent");
    e = r;
    e.order = NULL;
    expect_error(arrears_credit_check(&e, &d), ARREARS_NULL_POINTER, "null_pointer", "order", NULL, "no order");
    expect_error(arrears_credit_check(NULL, &d), ARREARS_NULL_POINTER, "null_pointer", "request", NULL, "no request");
    expect_error(arrears_credit_check(&r, NULL), ARREARS_NULL_POINTER, "null_pointer", "out", NULL, "no out");
    arrears_credit_decision_free(NULL);
}

/* A risk score written back as the `risk_score` operation's JSON. */
static char *risk_json(const char *customer, const ArrearsRiskScore *s) {
    Buf b = {0};
    put(&b, "{\"scores\":[{\"components\":[");
    for (size_t i = 0; i < s->components_len; i++) {
        const ArrearsRiskComponent *c = &s->components[i];
        put(&b, i ? ",{\"measure\":\"" : "{\"measure\":\"");
        put(&b, c->measure);
        put(&b, "\",\"name\":\"");
        put(&b, c->name);
        put(&b, "\",\"points\":\"");
        put(&b, c->points);
        put(&b, "\",\"reason\":\"");
        put(&b, c->reason);
        put(&b, "\"}");
    }
    put(&b, "],\"customer\":\"");
    put(&b, customer);
    put(&b, "\",\"score\":\"");
    put(&b, s->score);
    put(&b, "\",\"tier\":\"");
    put(&b, TIERS[s->tier]);
    put(&b, "\"}]}");
    return b.s;
}

static void test_risk_score(void) {
    int32_t due[40], paid[40];
    int64_t amount[40];
    Buf req = {0};
    int32_t as_of = 0;
    arrears_day_number("2025-06-30", &as_of);
    put(&req, "{\"as_of\":\"2025-06-30\",\"weights\":{\"per_day_late\":\"1.5\"},\"customers\":[{\"customer\":\"ACME\","
              "\"broken_promises\":2,\"disputes\":1,\"credit_limit\":\"10000\",\"exposure\":\"9000\",\"collateral\":\"500\","
              "\"payments\":[");
    for (int i = 0; i < 40; i++) {
        due[i] = as_of - 700 + (int32_t)rnd(650);
        paid[i] = due[i] - 10 + (int32_t)rnd(90);
        amount[i] = 1 + (int64_t)rnd(300000);
        put(&req, i ? ",{\"due_date\":" : "{\"due_date\":");
        put_date(&req, due[i]);
        put(&req, ",\"paid_date\":");
        put_date(&req, paid[i]);
        put(&req, ",\"amount\":");
        putf_money(&req, amount[i]);
        put(&req, "}");
    }
    put(&req, "]}]}");
    ArrearsRiskInput in = {"ACME", due, paid, amount, 2, 40, 2, 1, "10000", "9000", "500"};
    ArrearsRiskScore *s = NULL;
    ArrearsStatus st = arrears_risk_score(&in, "2025-06-30", "{\"per_day_late\":\"1.5\"}", &s);
    CHECK(st == ARREARS_OK && s != NULL, "risk score: %s", arrears_last_error_message());
    char *want = NULL;
    st = arrears_call_json("risk_score", req.s, &want);
    CHECK(st == ARREARS_OK, "risk score json: %s", arrears_last_error_message());
    if (s != NULL && want != NULL) {
        char *got = risk_json("ACME", s);
        CHECK(streq(got, want), "risk score:\n  got  %s\n  want %s", got, want);
        CHECK(s->components_len == 7, "seven components, got %zu", s->components_len);
        free(got);
    }
    arrears_string_free(want);
    free(req.s);
    arrears_risk_score_free(s);

    ArrearsRiskScore *e = (ArrearsRiskScore *)&in; /* set to NULL on failure */
    amount[3] = 0;
    expect_error(arrears_risk_score(&in, "2025-06-30", NULL, &e), ARREARS_INVALID_REQUEST, "invalid_request",
                 "payments[3].amount", "0.00", "zero payment");
    CHECK(e == NULL, "out is NULL after a failure");
    amount[3] = 10;
    expect_error(arrears_risk_score(&in, "2025-06-30", "{\"per_day_late\":\"-2\"}", &e), ARREARS_INVALID_REQUEST,
                 "invalid_request", "weights.per_day_late", "-2", "negative weight");
    expect_error(arrears_risk_score(&in, "2025-06-30", "{\"per_day_lat\":\"2\"}", &e), ARREARS_INVALID_REQUEST,
                 "invalid_request", "weights.per_day_lat", NULL, "unknown weight");
    due[5] = 3000000;
    expect_error(arrears_risk_score(&in, "2025-06-30", NULL, &e), ARREARS_DATE_OUT_OF_RANGE, "date_out_of_range",
                 "payments[5].due_date", "3000000", "day out of range");
    due[5] = as_of;
    in.amount_scale = 19;
    expect_error(arrears_risk_score(&in, "2025-06-30", NULL, &e), ARREARS_INVALID_PRECISION, "invalid_precision",
                 "amount_scale", "19", "scale");
    in.amount_scale = 2;
    expect_error(arrears_risk_score(&in, "2025-13-01", NULL, &e), ARREARS_INVALID_DATE, "invalid_date", "as_of", NULL,
                 "bad as_of");
    expect_error(arrears_risk_score(NULL, "2025-06-30", NULL, &e), ARREARS_NULL_POINTER, "null_pointer", "input", NULL,
                 "no input");
    arrears_risk_score_free(NULL);
}

/* Issue 15's bad input through arrears_call_json (dunning and assignment have no typed C call):
 * each a typed error naming the field and the value, the response NULL. */
static void test_json_errors(void) {
    static const struct {
        const char *op, *request, *code, *field, *value;
        ArrearsStatus status;
    } cases[] = {
        {"dunning",
         "{\"as_of\":\"2025-06-21\",\"items\":[],\"policy\":{\"steps\":[{\"offset\":5,\"action\":\"remind\",\"channel\":"
         "\"email\",\"level\":1},{\"offset\":5,\"action\":\"call\",\"channel\":\"phone\",\"level\":1}]}}",
         "invalid_rule", "policy.steps[1].offset", "5", ARREARS_INVALID_RULE},
        {"dunning",
         "{\"as_of\":\"2025-06-21\",\"items\":[],\"policy\":{\"steps\":[{\"offset\":5,\"action\":\"shout\",\"channel\":"
         "\"email\",\"level\":1}]}}",
         "invalid_request", "policy.steps[0].action", "shout", ARREARS_INVALID_REQUEST},
        {"dunning",
         "{\"as_of\":\"2025-06-21\",\"items\":[],\"policy\":{\"steps\":[{\"offset\":5,\"action\":\"remind\",\"channel\":"
         "\"pigeon\",\"level\":1}]}}",
         "invalid_request", "policy.steps[0].channel", "pigeon", ARREARS_INVALID_REQUEST},
        {"dunning",
         "{\"as_of\":\"2025-06-21\",\"items\":[{\"customer\":\"A\",\"invoice\":\"I-1\",\"currency\":\"EUR\",\"due_date\":"
         "\"2025-06-01\",\"open_amount\":\"1.00\"}],\"history\":[{\"invoice\":\"I-404\",\"offset\":15,\"date\":\"2025-06-16\"}]}",
         "invalid_request", "history[0].invoice", "I-404", ARREARS_INVALID_REQUEST},
        {"dunning",
         "{\"as_of\":\"2025-06-21\",\"items\":[{\"customer\":\"A\",\"invoice\":\"I-1\",\"currency\":\"EUR\",\"due_date\":"
         "\"2025-06-01\",\"open_amount\":\"1.00\",\"plan_state\":\"good\"}]}",
         "invalid_request", "items[0].plan_state", "good", ARREARS_INVALID_REQUEST},
        {"assign_collectors",
         "{\"accounts\":[{\"customer\":\"A\",\"amount\":\"10\",\"priority\":\"5\"}],\"collectors\":[{\"id\":\"ann\","
         "\"max_accounts\":-1}]}",
         "invalid_request", "collectors[0].max_accounts", "-1", ARREARS_INVALID_REQUEST},
        {"assign_collectors",
         "{\"accounts\":[{\"customer\":\"A\",\"amount\":\"10\",\"priority\":\"5\"}],\"collectors\":[{\"id\":\"ann\","
         "\"max_amount\":\"-5\"}]}",
         "invalid_request", "collectors[0].max_amount", "-5", ARREARS_INVALID_REQUEST},
        {"worklist",
         "{\"config\":{\"as_of\":\"2025-06-30\",\"scoring\":{\"points\":{\"bucket_bounds\":[30],\"bucket_weights\":[\"1\","
         "\"NaN\"],\"per_day_past_due\":\"1\",\"dpd_cap\":10,\"per_day_late\":\"1\",\"late_cap\":10,\"per_risk_point\":\"0\"}}},"
         "\"open\":[]}",
         "invalid_amount", "config.scoring.points.bucket_weights[1]", "NaN", ARREARS_INVALID_AMOUNT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = (char *)cases[i].op; /* set to NULL on failure */
        expect_error(arrears_call_json(cases[i].op, cases[i].request, &out), cases[i].status, cases[i].code,
                     cases[i].field, cases[i].value, cases[i].field);
        CHECK(out == NULL, "%s: the response is NULL after a failure", cases[i].field);
    }
    /* a weight that is not finite, in the typed calls */
    ArrearsWorklist *w = NULL;
    int32_t off[] = {0, 1}, due[] = {0};
    uint16_t cur[] = {0};
    int64_t amt[] = {100};
    ArrearsWorklistInvoices inv = {off, (const uint8_t *)"I", 1, off, (const uint8_t *)"A", 1, due, cur, amt, NULL, 1};
    expect_error(arrears_worklist_batch("{\"as_of\":\"2025-06-30\",\"scoring\":{\"product\":{\"dpd_offset\":30,\"dpd_cap\":"
                                        "365,\"late_offset\":30,\"late_cap\":\"Infinity\"}}}",
                                        codes, 1, 2, &inv, NULL, NULL, 0, &w),
                 ARREARS_INVALID_REQUEST, "invalid_request", "config.scoring.product.late_cap", NULL, "infinite cap");
    ArrearsRiskInput in = {"A", NULL, NULL, NULL, 2, 0, 0, 0, NULL, NULL, NULL};
    ArrearsRiskScore *s = NULL;
    expect_error(arrears_risk_score(&in, "2025-06-30", "{\"per_dispute\":\"NaN\"}", &s), ARREARS_INVALID_AMOUNT,
                 "invalid_amount", "weights.per_dispute", "NaN", "NaN risk weight");
}

/* A plan's state on the run's day (plan_status) passed as the dunning item's plan_state: on
 * track holds the item back, broken lets dunning resume (issue 15). */
static void test_plan_state(void) {
    static const char *plan = "{\"balance\":\"300.00\",\"currency\":\"EUR\",\"start\":\"2025-07-01\",\"count\":3}";
    static const struct {
        const char *day, *state, *want;
    } days[] = {{"2025-07-15", "on_track", "\"reason\":\"on_plan\""}, {"2025-08-07", "broken", "\"customer\":\"ACME\",\"date\""}};
    char *p = NULL;
    CHECK(arrears_call_json("payment_plan", plan, &p) == ARREARS_OK && p != NULL, "payment_plan");
    for (size_t i = 0; p != NULL && i < sizeof days / sizeof days[0]; i++) {
        char req[2048], state[32] = "";
        char *st = NULL, *run = NULL;
        snprintf(req, sizeof req,
                 "{\"plan\":%s,\"payments\":[{\"date\":\"2025-07-01\",\"amount\":\"100.00\"}],\"as_of\":\"%s\","
                 "\"grace_days\":5}",
                 p, days[i].day);
        CHECK(arrears_call_json("plan_status", req, &st) == ARREARS_OK && st != NULL, "plan_status %s", days[i].day);
        const char *s = st ? strstr(st, "\"status\":\"") : NULL;
        if (s != NULL) sscanf(s + 10, "%31[a-z_]", state);
        CHECK(strcmp(state, days[i].state) == 0, "plan state on %s: %s, want %s", days[i].day, state, days[i].state);
        snprintf(req, sizeof req,
                 "{\"as_of\":\"%s\",\"items\":[{\"customer\":\"ACME\",\"invoice\":\"I-1\",\"currency\":\"EUR\","
                 "\"due_date\":\"2025-06-01\",\"open_amount\":\"200.00\",\"plan_state\":\"%s\"}]}",
                 days[i].day, state);
        CHECK(arrears_call_json("dunning", req, &run) == ARREARS_OK && run != NULL && strstr(run, days[i].want) != NULL,
              "dunning with plan_state %s: %s", state, run ? run : arrears_last_error_message());
        arrears_string_free(st);
        arrears_string_free(run);
    }
    arrears_string_free(p);
}

int main(void) {
    test_plan_state();
    test_worklist_batch();
    test_credit_check();
    test_risk_score();
    test_json_errors();
    return report("collections");
}
