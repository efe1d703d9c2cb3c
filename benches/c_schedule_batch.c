/* Throughput of the C batch entry points (a benchmark: it measures, it asserts nothing about time).
 *
 *   bash benches/c_bench.sh            # release libarrears, 1M invoices / 1M aging rows
 *   PROFILE=debug bash benches/c_bench.sh 100000
 *
 * Prints, for N invoices (default 1,000,000):
 *  - arrears_schedule_batch with the 2-line term "30 % now, balance 60 days after end of month"
 *    (the issue 4 figure: compare with `cargo bench -p arrears --bench schedule`, which runs the
 *    same term through the Rust `schedule` one invoice at a time; the target is within 2x);
 *  - the same term through arrears_schedule, one call per invoice, on N / 10 invoices, to show
 *    what the batch call saves;
 *  - arrears_aging over N synthetic rows (100,000 customers, 2 currencies, standard buckets),
 *    then arrears_aging_utf8 on the same rows with 12-byte string ids,
 *    on 1 thread and on all threads.
 * tests/c/test.sh builds it with -O2 and runs it on a few thousand rows under valgrind (leaks and
 * memory errors only, never timings). */
#define _POSIX_C_SOURCE 199309L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arrears.h"

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static void die(const char *what, ArrearsStatus st) {
    fprintf(stderr, "%s failed (%d): %s\n", what, st, arrears_last_error_message());
    exit(1);
}

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next(void) {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)strtoull(argv[1], NULL, 10) : 1000000;
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (n == 0 || rounds <= 0) {
        fprintf(stderr, "usage: %s [N [ROUNDS]]\n", argv[0]);
        return 2;
    }
    printf("arrears %s C batch benchmark, N = %zu, best of %d\n", arrears_version(), n, rounds);

    /* ---- schedule batch ---- */
    ArrearsTerms *terms = NULL;
    ArrearsStatus st = arrears_terms_from_json(
        "{\"lines\":[{\"kind\":\"percent\",\"value\":\"30\"},"
        "{\"kind\":\"balance\",\"due\":[\"end_of_month\",{\"add_days\":60}]}]}",
        &terms);
    if (st) die("arrears_terms_from_json", st);
    int32_t day0;
    arrears_day_number("2020-01-01", &day0);
    int64_t *total = malloc(n * sizeof *total);
    uint16_t *currency = calloc(n, sizeof *currency);
    int32_t *base = malloc(n * sizeof *base);
    if (!total || !currency || !base) return 1;
    for (size_t i = 0; i < n; i++) {
        uint64_t x = next();
        total[i] = (int64_t)(x % 9999999) + 1; /* 0.01 .. 99,999.99 EUR */
        base[i] = day0 + (int32_t)((x >> 40) % 3650);
    }
    const char *codes[] = {"EUR", "USD"};
    const ArrearsTerms *list[] = {terms};
    double best = 1e30;
    int64_t checksum = 0;
    size_t installments = 0;
    for (int r = 0; r < rounds; r++) {
        ArrearsScheduleBatch *b = NULL;
        double t0 = now();
        st = arrears_schedule_batch(list, 1, codes, 1, total, currency, base, NULL, n, NULL, &b);
        double dt = now() - t0;
        if (st) die("arrears_schedule_batch", st);
        if (dt < best) best = dt;
        checksum = 0;
        for (size_t k = 0; k < b->installments; k++) checksum += b->amount[k];
        installments = b->installments;
        arrears_schedule_batch_free(b);
    }
    int64_t want = 0;
    for (size_t i = 0; i < n; i++) want += total[i];
    printf("%-52s %12.0f invoices/s  (%7.1f ns each; %zu installments, sums %s)\n",
           "arrears_schedule_batch, 2-line term (30 %, EOM + 60)", (double)n / best, best * 1e9 / (double)n,
           installments, checksum == want ? "exact" : "WRONG");

    /* the same term, one arrears_schedule call per invoice */
    size_t m = n / 10 ? n / 10 : 1;
    ArrearsStep eom60[] = {{ARREARS_STEP_END_OF_MONTH, 0}, {ARREARS_STEP_ADD_DAYS, 60}};
    ArrearsTermLine lines[] = {{ARREARS_LINE_PERCENT, "30", NULL, 0}, {ARREARS_LINE_BALANCE, NULL, eom60, 2}};
    char (*amounts)[32] = malloc(m * sizeof *amounts);
    char (*dates)[11] = malloc(m * sizeof *dates);
    if (!amounts || !dates) return 1;
    for (size_t i = 0; i < m; i++) {
        snprintf(amounts[i], sizeof amounts[i], "%lld.%02lld", (long long)(total[i] / 100), (long long)(total[i] % 100));
        arrears_date_of_day_number(base[i], dates[i]);
    }
    double t0 = now();
    for (size_t i = 0; i < m; i++) {
        ArrearsSchedule *s = NULL;
        st = arrears_schedule(amounts[i], "EUR", dates[i], lines, 2, ARREARS_ADJUSTMENT_NONE, NULL, &s);
        if (st) die("arrears_schedule", st);
        arrears_schedule_free(s);
    }
    double per_call = now() - t0;
    printf("%-52s %12.0f invoices/s  (%7.1f ns each, %zu invoices)\n", "arrears_schedule, one call per invoice",
           (double)m / per_call, per_call * 1e9 / (double)m, m);
    free(amounts);
    free(dates);
    free(total);
    free(currency);
    free(base);
    arrears_terms_free(terms);

    /* ---- aging ---- */
    uint32_t *customer = malloc(n * sizeof *customer);
    uint16_t *cur = malloc(n * sizeof *cur);
    int32_t *due = malloc(n * sizeof *due);
    int64_t *amount = malloc(n * sizeof *amount);
    if (!customer || !cur || !due || !amount) return 1;
    int32_t as_of;
    arrears_day_number("2026-11-24", &as_of);
    int64_t open = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t x = next();
        customer[i] = (uint32_t)(x % 100000);
        cur[i] = (uint16_t)((x >> 20) % 2);
        due[i] = as_of - 200 + (int32_t)((x >> 24) % 260);
        amount[i] = (int64_t)((x >> 34) % 1000000) - 100000;
        open += amount[i];
    }
    for (int threads = 1; threads >= 0; threads--) {
        ArrearsAgingSpec spec = arrears_aging_spec_default();
        spec.as_of = as_of;
        spec.threads = (size_t)threads;
        best = 1e30;
        size_t rows = 0;
        int64_t sum = 0;
        for (int r = 0; r < rounds; r++) {
            ArrearsAging *a = NULL;
            t0 = now();
            st = arrears_aging(customer, cur, codes, 2, due, NULL, amount, NULL, n, 2, &spec, &a);
            double dt = now() - t0;
            if (st) die("arrears_aging", st);
            if (dt < best) best = dt;
            rows = a->rows;
            sum = 0;
            for (size_t t = 0; t < a->totals_len; t++) sum += a->totals_total[t];
            arrears_aging_free(a);
        }
        char name[64];
        snprintf(name, sizeof name, "arrears_aging, %s", threads ? "1 thread" : "all threads");
        printf("%-52s %12.0f rows/s      (%7.3f s; %zu result rows, total %s)\n", name, (double)n / best, best, rows,
               sum == open ? "exact" : "WRONG");
    }
    /* the same rows with the ids as strings ("CUST-0001234"), Arrow-style utf8 offsets + bytes */
    int32_t *id_offsets = malloc((n + 1) * sizeof *id_offsets);
    uint8_t *id_data = malloc(n * 12);
    if (!id_offsets || !id_data) return 1;
    id_offsets[0] = 0;
    for (size_t i = 0; i < n; i++) {
        char id[16];
        snprintf(id, sizeof id, "CUST-%07u", (unsigned)customer[i]);
        memcpy(id_data + (size_t)id_offsets[i], id, 12);
        id_offsets[i + 1] = id_offsets[i] + 12;
    }
    {
        ArrearsAgingSpec spec = arrears_aging_spec_default();
        spec.as_of = as_of;
        best = 1e30;
        size_t rows = 0;
        int64_t sum = 0;
        for (int r = 0; r < rounds; r++) {
            ArrearsAging *a = NULL;
            t0 = now();
            st = arrears_aging_utf8(id_offsets, id_data, n * 12, cur, codes, 2, due, NULL, amount, NULL, n, 2, &spec, &a);
            double dt = now() - t0;
            if (st) die("arrears_aging_utf8", st);
            if (dt < best) best = dt;
            rows = a->rows;
            sum = 0;
            for (size_t t = 0; t < a->totals_len; t++) sum += a->totals_total[t];
            arrears_aging_free(a);
        }
        printf("%-52s %12.0f rows/s      (%7.3f s; %zu result rows, total %s)\n", "arrears_aging_utf8, all threads",
               (double)n / best, best, rows, sum == open ? "exact" : "WRONG");
    }
    free(id_offsets);
    free(id_data);
    free(customer);
    free(cur);
    free(due);
    free(amount);
    return 0;
}
