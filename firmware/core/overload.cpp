#include "overload.h"

#include "clock.h"
#include "log.h"

namespace mp {

static const char TAG[] = "overload";

bool parse_port_list(const char* text, uint8_t* mask) {
  uint8_t m = 0;
  for (const char* p = text; *p; p++) {
    if (*p == ',' || *p == ' ') continue;
    if (*p < '1' || *p >= '1' + kPorts || (p[1] >= '0' && p[1] <= '9')) return false;
    m = static_cast<uint8_t>(m | (1u << (*p - '1')));
  }
  *mask = m;
  return true;
}

// Tracks how long a condition has held; true once it held for hold_ms.
bool OverloadGuard::held(bool over, bool& flag, uint32_t& since, uint32_t now_ms, uint32_t hold_ms) {
  if (!over) {
    flag = false;
    return false;
  }
  if (!flag) {
    flag = true;
    since = now_ms;
  }
  return timer_due(now_ms, since, hold_ms);
}

int OverloadGuard::check(const uint32_t* current_ma, uint8_t online_mask, const RelayController& relays,
                         uint32_t now_ms) {
  uint32_t total = 0;
  int largest = -1;
  for (uint8_t i = 0; i < kPorts; i++) {
    bool watched = relays.closed(i) && (online_mask & (1u << i)) &&
                   timer_due(now_ms, relays.closed_at(i), config_.blanking_ms);
    uint32_t amps = watched ? current_ma[i] : 0;
    total += amps;
    if (watched && (largest < 0 || amps > current_ma[largest])) largest = i;
    if (held(amps > config_.port_limit_ma, port_over_[i], port_since_[i], now_ms, config_.hold_ms)) {
      logf(TAG, "port %u: %lu mA over %lu mA limit", i + 1, (unsigned long)amps,
           (unsigned long)config_.port_limit_ma);
      port_over_[i] = false;
      reason_ = TripReason::kPortOverload;
      return i;
    }
    bool silent = relays.closed(i) && !(online_mask & (1u << i)) && !(config_.critical_mask & (1u << i));
    if (held(silent, silent_[i], silent_since_[i], now_ms, config_.silent_hold_ms)) {
      logf(TAG, "port %u: meter silent for %lu ms with the relay closed", i + 1,
           (unsigned long)config_.silent_hold_ms);
      silent_[i] = false;
      reason_ = TripReason::kSilentMeter;
      return i;
    }
  }
  if (held(total > config_.strip_limit_ma, strip_over_, strip_since_, now_ms, config_.hold_ms)) {
    logf(TAG, "strip: %lu mA over %lu mA limit, cutting port %d", (unsigned long)total,
         (unsigned long)config_.strip_limit_ma, largest + 1);
    strip_over_ = false;  // the next cut, if still needed, waits another hold time
    reason_ = TripReason::kStripOverload;
    return largest;
  }
  return -1;
}

}  // namespace mp
