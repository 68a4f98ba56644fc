#include "harness.h"

namespace th {

static Case* g_first = nullptr;
static Case* g_last = nullptr;
static int g_case_failures = 0;

void add(Case* c) {
  // Keep registration order (= file order) so the output reads like the files.
  if (g_last) g_last->next = c; else g_first = c;
  g_last = c;
}

void fail(const char* file, int line, const char* what) {
  printf("    %s:%d: CHECK(%s) failed\n", file, line, what);
  g_case_failures++;
}

void fail_eq(const char* file, int line, const char* a, const char* b, long long va, long long vb) {
  printf("    %s:%d: CHECK_EQ(%s, %s) failed: %lld != %lld\n", file, line, a, b, va, vb);
  g_case_failures++;
}

}  // namespace th

int main() {
  int passed = 0, failed = 0;
  for (th::Case* c = th::g_first; c; c = c->next) {
    th::g_case_failures = 0;
    c->fn();
    if (th::g_case_failures == 0) {
      passed++;
      printf("ok   %s\n", c->name);
    } else {
      failed++;
      printf("FAIL %s\n", c->name);
    }
  }
  printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
