// Time. Three kinds of it:
//  - millis(): 32-bit, wraps every 49.7 days. Timers compare *differences*
//    (now - start), which unsigned arithmetic keeps right across the wrap as
//    long as one span is shorter than 49.7 days.
//  - Uptime: millis() extended to 64 bits, monotonic for the whole boot.
//  - WallClock: UTC epoch ms, known only after NTP (or a server_time) arrives;
//    it maps uptime to epoch so frames taken before sync can be stamped later.
#pragma once
#include <stdint.h>

namespace mp {

class Clock {
 public:
  virtual uint32_t millis() = 0;

 protected:
  ~Clock() = default;
};

inline uint32_t elapsed_ms(uint32_t now, uint32_t since) { return now - since; }
inline bool timer_due(uint32_t now, uint32_t start, uint32_t period) {
  return elapsed_ms(now, start) >= period;
}

// Must see every wrap: call at least once per 49 days (the loop calls it
// thousands of times a second).
class Uptime {
 public:
  uint64_t extend(uint32_t now_ms);

 private:
  uint32_t last_ = 0;
  uint32_t wraps_ = 0;
};

class WallClock {
 public:
  // epoch_ms is the UTC time at uptime mono_ms.
  void set(int64_t epoch_ms, uint64_t mono_ms);
  bool valid() const { return valid_; }
  int64_t at(uint64_t mono_ms) const;  // epoch ms for an uptime; needs valid()

 private:
  bool valid_ = false;
  int64_t offset_ms_ = 0;  // epoch - uptime
};

}  // namespace mp
