// C++ use of libarrears: the header compiles as C++ (-Wall -Wextra -pedantic -Werror) and the
// library is usable with RAII.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "arrears.h"

namespace {
int passed = 0, failed = 0;
void check(bool ok, const std::string &what) {
    if (ok) {
        ++passed;
    } else {
        ++failed;
        std::fprintf(stderr, "FAIL %s\n", what.c_str());
    }
}
struct ScheduleFree {
    void operator()(ArrearsSchedule *s) const { arrears_schedule_free(s); }
};
struct StringFree {
    void operator()(char *s) const { arrears_string_free(s); }
};
struct TermsFree {
    void operator()(ArrearsTerms *t) const { arrears_terms_free(t); }
};
struct BatchFree {
    void operator()(ArrearsScheduleBatch *b) const { arrears_schedule_batch_free(b); }
};
struct AgingFree {
    void operator()(ArrearsAging *a) const { arrears_aging_free(a); }
};
}  // namespace

int main() {
    std::vector<ArrearsStep> eom60 = {{ARREARS_STEP_END_OF_MONTH, 0}, {ARREARS_STEP_ADD_DAYS, 60}};
    std::vector<ArrearsTermLine> lines = {
        {ARREARS_LINE_PERCENT, "30", nullptr, 0},
        {ARREARS_LINE_BALANCE, nullptr, eom60.data(), eom60.size()},
    };
    ArrearsSchedule *raw = nullptr;
    ArrearsStatus st = arrears_schedule("1000.00", "EUR", "2026-01-31", lines.data(), lines.size(),
                                        ARREARS_ADJUSTMENT_NONE, nullptr, &raw);
    std::unique_ptr<ArrearsSchedule, ScheduleFree> s(raw);
    check(st == ARREARS_OK, "schedule ok");
    if (s) {
        std::string got;
        for (size_t k = 0; k < s->installments_len; ++k)
            got += std::string(s->installments[k].due_date) + " " + s->installments[k].amount + "\n";
        check(got == "2026-01-31 300.00\n2026-04-01 700.00\n", "README output: " + got);
    }

    char *out = nullptr;
    st = arrears_call_json("due_date", R"({"base_date":"2026-01-31","adjustment":"following"})", &out);
    std::unique_ptr<char, StringFree> response(out);
    check(st == ARREARS_OK && std::string(response.get()) == R"({"due_date":"2026-02-02"})", "call_json due_date");

    st = arrears_call_json("schedule", R"({"total":"1.005","currency":"EUR","base_date":"2026-01-01","terms":{"lines":[{"kind":"balance"}]}})", &out);
    check(st == ARREARS_INVALID_AMOUNT && std::string(arrears_last_error_field()) == "total", "typed error in C++");
    // Batch scheduling and aging over std::vector columns, results owned by unique_ptr.
    ArrearsTerms *t = nullptr;
    st = arrears_terms_parse("2/10 net 30", ARREARS_EOM_US, 0, &t);
    std::unique_ptr<ArrearsTerms, TermsFree> terms(t);
    check(st == ARREARS_OK, "terms parse");
    int32_t day = 0;
    arrears_day_number("2026-01-31", &day);
    std::vector<int64_t> totals = {100000, 547};
    std::vector<uint16_t> currency = {0, 0};
    std::vector<int32_t> base = {day, day};
    std::vector<const char *> codes = {"EUR"};
    const ArrearsTerms *list[] = {terms.get()};
    ArrearsScheduleBatch *b = nullptr;
    st = arrears_schedule_batch(list, 1, codes.data(), codes.size(), totals.data(), currency.data(), base.data(),
                                nullptr, totals.size(), nullptr, &b);
    std::unique_ptr<ArrearsScheduleBatch, BatchFree> batch(b);
    check(st == ARREARS_OK && batch && batch->installments == 2 && batch->amount[1] == 547 &&
              batch->due_date[0] == day + 30 && batch->discount_amount[0] == 2000 &&
              batch->discount_deadline[0] == day + 10,
          "batch 2/10 net 30");

    std::vector<uint32_t> customer = {7, 7, 3};
    std::vector<uint16_t> cur3 = {0, 0, 0};
    std::vector<int32_t> due = {day, day - 45, day + 5};
    std::vector<int64_t> amount = {1000, 250, -300};
    ArrearsAgingSpec spec = arrears_aging_spec_default();
    spec.as_of = day;
    ArrearsAging *a = nullptr;
    st = arrears_aging(customer.data(), cur3.data(), codes.data(), 1, due.data(), nullptr, amount.data(), nullptr,
                       customer.size(), 2, &spec, &a);
    std::unique_ptr<ArrearsAging, AgingFree> aging(a);
    check(st == ARREARS_OK && aging && aging->rows == 2 && aging->customer[0] == 3 && aging->total[0] == -300 &&
              aging->cells[1 * aging->columns + 0] == 1000 && aging->cells[1 * aging->columns + 2] == 250,
          "aging rows");

    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
