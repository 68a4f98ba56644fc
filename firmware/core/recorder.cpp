#include "recorder.h"

#include "clock.h"

namespace mp {

bool Recorder::changed(const Measurement* ports, uint8_t online_mask, uint8_t relay_mask) const {
  if (online_mask != last_online_ || relay_mask != last_relays_) return true;
  for (uint8_t i = 0; i < kPorts; i++) {
    if (!(online_mask & (1u << i))) continue;
    uint32_t was = last_power_dw_[i], now = ports[i].power_dw;
    uint32_t diff = now > was ? now - was : was - now;
    uint32_t threshold = was * config_.change_percent / 100;
    if (threshold < config_.change_min_dw) threshold = config_.change_min_dw;
    if (diff > threshold) return true;
  }
  return false;
}

bool Recorder::due(uint32_t now_ms, const Measurement* ports, uint8_t online_mask, uint8_t relay_mask,
                   uint16_t ring_fill, uint16_t ring_capacity) const {
  if (!started_) return online_mask != 0;  // the first frame as soon as a meter answered
  bool outage = ring_fill >= ring_capacity / 2;
  uint32_t interval = outage ? config_.outage_interval_ms : config_.interval_ms;
  if (timer_due(now_ms, last_ms_, interval)) return true;
  return !outage && timer_due(now_ms, last_ms_, config_.change_min_gap_ms) &&
         changed(ports, online_mask, relay_mask);
}

uint32_t Recorder::ms_until_interval(uint32_t now_ms, uint16_t ring_fill, uint16_t ring_capacity) const {
  if (!started_) return 0;
  uint32_t interval = ring_fill >= ring_capacity / 2 ? config_.outage_interval_ms : config_.interval_ms;
  uint32_t gone = now_ms - last_ms_;
  return gone >= interval ? 0 : interval - gone;
}

void Recorder::taken(uint32_t now_ms, const Measurement* ports, uint8_t online_mask, uint8_t relay_mask) {
  started_ = true;
  last_ms_ = now_ms;
  last_online_ = online_mask;
  last_relays_ = relay_mask;
  for (uint8_t i = 0; i < kPorts; i++) last_power_dw_[i] = ports[i].power_dw;
}

}  // namespace mp
