// Local overload cut-off: opens a port whose current stays above its limit
// for hold_ms, or, when the whole strip is above its limit for hold_ms, the
// port drawing the most. A port is ignored for blanking_ms after its relay
// closes (inrush of motors, lamps and power supplies is many times the steady
// current). This protects the relays and the strip's wiring from sustained
// overloads only: it is no substitute for a fuse or breaker, which must still
// be fitted (see README.md, "Safety").
//
// A port whose relay is closed but whose meter is silent (offline or stale)
// cannot be watched, so it is cut after silent_hold_ms: a dead meter must not
// hide an overload. Ports in critical_mask (a fridge, a router) are exempt
// from that rule only; the overload limits still apply to them.
#pragma once
#include "config.h"
#include "relay_controller.h"

namespace mp {

struct OverloadConfig {
  uint32_t port_limit_ma = 10000;   // 10 A per socket
  uint32_t strip_limit_ma = 13000;  // 13 A for the whole strip (BS 1363 plug, Bangladesh)
  uint32_t hold_ms = 2000;
  uint32_t blanking_ms = 1000;
  uint32_t silent_hold_ms = 10000;  // ten meter rounds without an answer
  uint8_t critical_mask = 0;        // bit i: port i+1 stays on with a silent meter
};

enum class TripReason : uint8_t { kNone, kPortOverload, kStripOverload, kSilentMeter };

// "1,3" or "1 3" -> bits 0 and 2, for the critical-ports setting. False (and
// *mask untouched) when it names anything but ports 1..kPorts.
bool parse_port_list(const char* text, uint8_t* mask);

class OverloadGuard {
 public:
  explicit OverloadGuard(const OverloadConfig& config) : config_(config) {}

  // current_ma: latest per-port current; online_mask: which are fresh.
  // Returns the port index to cut, or -1. Call every loop pass.
  int check(const uint32_t* current_ma, uint8_t online_mask, const RelayController& relays,
            uint32_t now_ms);
  TripReason last_reason() const { return reason_; }

 private:
  bool held(bool over, bool& flag, uint32_t& since, uint32_t now_ms, uint32_t hold_ms);

  OverloadConfig config_;
  bool port_over_[kPorts] = {};
  uint32_t port_since_[kPorts] = {};
  bool strip_over_ = false;
  uint32_t strip_since_ = 0;
  bool silent_[kPorts] = {};
  uint32_t silent_since_[kPorts] = {};
  TripReason reason_ = TripReason::kNone;
};

}  // namespace mp
