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
    std::printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
