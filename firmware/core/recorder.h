// When to take a frame: every interval (default 10 s), and at once on a
// large change (a load switched, a relay moved, a meter came or went) so the
// app sees it without waiting for the next interval.
//
// Outage budget: 400 frames at 10 s last 67 minutes. Once the ring is half
// full the interval stretches to 30 s and change frames pause, so the ring
// holds 33 min + 100 min = 2 h 13 min before it drops anything. Energy stays
// exact (frames carry the cumulative counter); only power detail is coarser.
#pragma once
#include "config.h"
#include "meter.h"

namespace mp {

struct RecorderConfig {
  uint32_t interval_ms = 10000;
  uint32_t outage_interval_ms = 30000;  // once the ring is at least half full
  uint32_t change_min_gap_ms = 2000;    // change frames at most this often
  uint32_t change_min_dw = 500;         // 50 W...
  uint32_t change_percent = 20;         // ...or 20 % of the last recorded power, the larger
};

class Recorder {
 public:
  explicit Recorder(const RecorderConfig& config) : config_(config) {}

  bool due(uint32_t now_ms, const Measurement* ports, uint8_t online_mask, uint8_t relay_mask,
           uint16_t ring_fill, uint16_t ring_capacity) const;
  void taken(uint32_t now_ms, const Measurement* ports, uint8_t online_mask, uint8_t relay_mask);
  // Until the next interval frame (0 when one is due or none was taken yet).
  uint32_t ms_until_interval(uint32_t now_ms, uint16_t ring_fill, uint16_t ring_capacity) const;

 private:
  bool changed(const Measurement* ports, uint8_t online_mask, uint8_t relay_mask) const;

  RecorderConfig config_;
  bool started_ = false;
  uint32_t last_ms_ = 0;
  uint32_t last_power_dw_[kPorts] = {};
  uint8_t last_online_ = 0;
  uint8_t last_relays_ = 0;
};

}  // namespace mp
