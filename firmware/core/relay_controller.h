// Relay state machine for the four ports.
//  - After boot every relay is open; the restore policy decides which close.
//  - Closing is staggered (one relay per stagger period) so four loads do not
//    draw their inrush at the same instant.
//  - A port switches at most once per min_toggle_ms: protects relay contacts
//    and compressors (fridge, AC) from rapid cycling.
//  - An overload trip opens at once, ignoring both limits, and latches: the
//    port stays off until an "on" that explicitly overrides the trip, and not
//    before a back-off has passed (the fault may still be plugged in).
//  - A reset opens every relay, so it counts as a toggle: nothing closes
//    before min_toggle_ms after boot, and longer after repeated quick boots
//    (restore_delay_ms), so a reset loop cannot cycle a load.
#pragma once
#include "config.h"

namespace mp {

class RelayDriver {
 public:
  virtual void set(uint8_t index, bool closed) = 0;  // polarity is the driver's business

 protected:
  ~RelayDriver() = default;
};

enum class RestorePolicy : uint8_t { kAllOff, kAllOn, kLastState };

struct RelayConfig {
  RestorePolicy policy = RestorePolicy::kLastState;
  uint32_t stagger_ms = 1000;
  uint32_t min_toggle_ms = 3000;
  uint32_t trip_backoff_ms = 60000;  // after a trip, even an override waits this long
};

enum class RequestResult : uint8_t { kOk, kTripped, kBackoff, kBadPort };

class RelayController {
 public:
  RelayController(RelayDriver& driver, const RelayConfig& config) : driver_(driver), config_(config) {}

  // last_mask / tripped_mask: bit i = port i+1, as saved before the reboot.
  // Nothing closes before restore_delay_ms (at least min_toggle_ms) after boot;
  // the back-off of a port tripped before the reboot starts again at boot.
  void begin(uint8_t last_mask, uint8_t tripped_mask, uint32_t now_ms, uint32_t restore_delay_ms = 0);
  // "on" for a tripped port needs override, and is refused during its back-off.
  RequestResult request(uint8_t index, bool on, uint32_t now_ms, bool override_trip = false);
  void trip(uint8_t index, uint32_t now_ms);
  void loop(uint32_t now_ms);

  bool closed(uint8_t index) const { return closed_mask_ & (1u << index); }
  uint8_t closed_mask() const { return closed_mask_; }
  uint8_t desired_mask() const { return desired_mask_; }
  uint8_t tripped_mask() const { return tripped_mask_; }
  uint32_t closed_at(uint8_t index) const { return changed_ms_[index]; }

 private:
  void drive(uint8_t index, bool closed, uint32_t now_ms);

  RelayDriver& driver_;
  RelayConfig config_;
  uint8_t closed_mask_ = 0;
  uint8_t desired_mask_ = 0;
  uint8_t tripped_mask_ = 0;
  uint32_t changed_ms_[kPorts] = {};
  uint32_t tripped_ms_[kPorts] = {};
  uint32_t last_close_ms_ = 0;
  uint32_t boot_ms_ = 0;
  uint32_t restore_delay_ms_ = 0;
  bool restore_hold_ = true;  // until restore_delay_ms_ has passed (a flag: millis wraps)
};

}  // namespace mp
