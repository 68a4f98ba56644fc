#include "relay_controller.h"

#include "clock.h"
#include "log.h"

namespace mp {

static const char TAG[] = "relay";

void RelayController::drive(uint8_t index, bool closed, uint32_t now_ms) {
  driver_.set(index, closed);
  uint8_t bit = static_cast<uint8_t>(1u << index);
  closed_mask_ = static_cast<uint8_t>(closed ? closed_mask_ | bit : closed_mask_ & ~bit);
  changed_ms_[index] = now_ms;
  if (closed) last_close_ms_ = now_ms;
  logf(TAG, "port %u %s", index + 1, closed ? "on" : "off");
}

void RelayController::begin(uint8_t last_mask, uint8_t tripped_mask, uint32_t now_ms,
                            uint32_t restore_delay_ms) {
  const uint8_t all = (1u << kPorts) - 1;
  tripped_mask_ = tripped_mask & all;
  for (uint8_t i = 0; i < kPorts; i++) {
    driver_.set(i, false);
    changed_ms_[i] = now_ms;  // the reset opened it: that was a toggle
    tripped_ms_[i] = now_ms;
  }
  closed_mask_ = 0;
  last_close_ms_ = now_ms;
  boot_ms_ = now_ms;
  restore_delay_ms_ = restore_delay_ms > config_.min_toggle_ms ? restore_delay_ms : config_.min_toggle_ms;
  restore_hold_ = true;
  uint8_t want = config_.policy == RestorePolicy::kAllOn      ? all
                 : config_.policy == RestorePolicy::kLastState ? (last_mask & all)
                                                              : 0;
  desired_mask_ = want & static_cast<uint8_t>(~tripped_mask_);  // a cut port stays cut
  logf(TAG, "boot: restore 0x%x (tripped 0x%x)", desired_mask_, tripped_mask_);
}

RequestResult RelayController::request(uint8_t index, bool on, uint32_t now_ms, bool override_trip) {
  if (index >= kPorts) return RequestResult::kBadPort;
  uint8_t bit = static_cast<uint8_t>(1u << index);
  if (!on) {
    desired_mask_ = static_cast<uint8_t>(desired_mask_ & ~bit);
    return RequestResult::kOk;
  }
  if (tripped_mask_ & bit) {
    if (!override_trip) return RequestResult::kTripped;
    if (!timer_due(now_ms, tripped_ms_[index], config_.trip_backoff_ms)) return RequestResult::kBackoff;
    tripped_mask_ = static_cast<uint8_t>(tripped_mask_ & ~bit);
    logf(TAG, "port %u: trip overridden", index + 1);
  }
  desired_mask_ |= bit;
  return RequestResult::kOk;
}

void RelayController::trip(uint8_t index, uint32_t now_ms) {
  uint8_t bit = static_cast<uint8_t>(1u << index);
  tripped_mask_ |= bit;
  tripped_ms_[index] = now_ms;
  desired_mask_ = static_cast<uint8_t>(desired_mask_ & ~bit);
  if (closed(index)) drive(index, false, now_ms);  // safety first: no toggle limit
  logf(TAG, "port %u tripped", index + 1);
}

void RelayController::loop(uint32_t now_ms) {
  if (restore_hold_ && timer_due(now_ms, boot_ms_, restore_delay_ms_)) restore_hold_ = false;
  for (uint8_t i = 0; i < kPorts; i++) {
    bool want = desired_mask_ & (1u << i);
    if (want == closed(i)) continue;
    if (!timer_due(now_ms, changed_ms_[i], config_.min_toggle_ms)) continue;
    if (want && (restore_hold_ || !timer_due(now_ms, last_close_ms_, config_.stagger_ms))) continue;
    drive(i, want, now_ms);
  }
}

}  // namespace mp
