#include "clock.h"

#include "log.h"

namespace mp {

static const char TAG[] = "clock";

uint64_t Uptime::extend(uint32_t now_ms) {
  if (now_ms < last_) wraps_++;
  last_ = now_ms;
  return (static_cast<uint64_t>(wraps_) << 32) | now_ms;
}

void WallClock::set(int64_t epoch_ms, uint64_t mono_ms) {
  int64_t offset = epoch_ms - static_cast<int64_t>(mono_ms);
  if (!valid_) logf(TAG, "wall time known: %ld s", static_cast<long>(epoch_ms / 1000));
  offset_ms_ = offset;
  valid_ = true;
}

int64_t WallClock::at(uint64_t mono_ms) const { return offset_ms_ + static_cast<int64_t>(mono_ms); }

}  // namespace mp
