// A small test harness: TEST() registers a case, CHECK*() records failures.
// Our own rather than a package so `make test` needs nothing beyond g++.
#pragma once
#include <stdint.h>
#include <stdio.h>

namespace th {

struct Case {
  const char* name;
  void (*fn)();
  Case* next;
};

void add(Case* c);
void fail(const char* file, int line, const char* what);
void fail_eq(const char* file, int line, const char* a, const char* b, long long va, long long vb);

struct Registrar {
  explicit Registrar(Case* c) { add(c); }
};

}  // namespace th

#define TEST(name)                                         \
  static void name();                                      \
  static th::Case name##_case{#name, name, nullptr};       \
  static th::Registrar name##_registrar(&name##_case);     \
  static void name()

#define CHECK(cond)                                        \
  do {                                                     \
    if (!(cond)) th::fail(__FILE__, __LINE__, #cond);      \
  } while (0)

#define CHECK_EQ(a, b)                                                       \
  do {                                                                       \
    long long va_ = (long long)(a), vb_ = (long long)(b);                    \
    if (va_ != vb_) th::fail_eq(__FILE__, __LINE__, #a, #b, va_, vb_);       \
  } while (0)
