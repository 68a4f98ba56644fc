#include "energy_counter.h"

#include "clock.h"
#include "log.h"

namespace mp {

static const char TAG[] = "energy";

uint32_t energy_plausible_wh(uint32_t elapsed_ms, const EnergyConfig& config) {
  uint64_t wms = static_cast<uint64_t>(config.max_power_w) * (static_cast<uint64_t>(elapsed_ms) + 1000u);
  uint64_t wh = wms / 3600000u + config.slack_wh;
  return wh > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<uint32_t>(wh);
}

// The step from `from` to `to` as the module counts it, across the wrap; false
// when `to` is lower and not a wrap.
static bool rise(uint32_t from, uint32_t to, uint32_t& out, bool& wrapped) {
  wrapped = false;
  if (to >= from) {
    out = to - from;
    return true;
  }
  if (from >= kPzemEnergyWrapWh - kRolloverWindowWh && to < kRolloverWindowWh) {
    out = (kPzemEnergyWrapWh - from) + to;
    wrapped = true;
    return true;
  }
  return false;
}

static EnergyStep accept(EnergyState& s, EnergyWatch& w, uint32_t module_wh, uint32_t added, uint32_t now_ms,
                         EnergyEvent event) {
  s.module_wh = module_wh;
  s.total_wh += added;
  w.base_known = true;
  w.base_ms = now_ms;
  w.pending = 0;
  return EnergyStep{added, event};
}

// An unbelievable reading: start or extend the candidate it belongs to.
static EnergyStep suspect(EnergyState& s, EnergyWatch& w, uint32_t module_wh, uint32_t now_ms,
                          const EnergyConfig& c) {
  uint32_t step = 0;
  bool wrapped = false;
  bool consistent = w.pending > 0 && rise(w.cand_wh, module_wh, step, wrapped) &&
                    step <= energy_plausible_wh(now_ms - w.cand_ms, c);
  w.pending = consistent ? static_cast<uint8_t>(w.pending + 1) : 1;
  w.cand_wh = module_wh;
  w.cand_ms = now_ms;
  if (w.pending < c.confirm_readings) {
    if (w.pending == 1) {
      w.refused++;
      logf(TAG, "reading %lu Wh after %lu Wh not taken until confirmed", (unsigned long)module_wh,
           (unsigned long)s.module_wh);
    }
    return EnergyStep{0, EnergyEvent::kPending};
  }
  uint32_t up = 0;
  if (!w.base_known && rise(s.module_wh, module_wh, up, wrapped)) {
    // After a reboot: the module counted while we were off.
    logf(TAG, "recovered %lu Wh counted while we were off", (unsigned long)up);
    return accept(s, w, module_wh, up, now_ms, EnergyEvent::kRecovered);
  }
  if (module_wh < s.module_wh && s.resets < 255) s.resets++;
  s.epoch = static_cast<uint8_t>(s.epoch + 1);
  logf(TAG, "counter epoch %u: module %lu -> %lu Wh", s.epoch, (unsigned long)s.module_wh,
       (unsigned long)module_wh);
  return accept(s, w, module_wh, 0, now_ms, EnergyEvent::kNewEpoch);
}

void energy_reset_by_us(EnergyState& s, EnergyWatch& w, uint32_t now_ms) {
  if (s.resets < 255) s.resets++;
  s.epoch = static_cast<uint8_t>(s.epoch + 1);
  s.seen = 1;
  accept(s, w, 0, 0, now_ms, EnergyEvent::kNewEpoch);
  logf(TAG, "counter epoch %u: module reset on request", s.epoch);
}

void energy_new_module(EnergyState& s, EnergyWatch& w) {
  s.epoch = static_cast<uint8_t>(s.epoch + 1);
  s.seen = 0;  // its first reading is the new base, as for a module never seen
  w.base_known = false;
  w.pending = 0;
}

EnergyStep energy_update(EnergyState& s, EnergyWatch& w, uint32_t module_wh, uint32_t now_ms,
                         const EnergyConfig& c) {
  if (!s.seen) {
    // First reading ever: the module's past is not ours to report, start here.
    s.seen = 1;
    return accept(s, w, module_wh, 0, now_ms, EnergyEvent::kFirst);
  }
  uint32_t step = 0;
  bool wrapped = false;
  if (rise(s.module_wh, module_wh, step, wrapped)) {
    bool small = step <= c.slack_wh;
    if (small || (w.base_known && step <= energy_plausible_wh(now_ms - w.base_ms, c)))
      return accept(s, w, module_wh, step, now_ms, wrapped ? EnergyEvent::kWrapped : EnergyEvent::kCounted);
    return suspect(s, w, module_wh, now_ms, c);
  }
  if (s.module_wh - module_wh <= c.dip_tolerance_wh) {
    w.dips++;
    w.pending = 0;
    return EnergyStep{0, EnergyEvent::kDip};
  }
  return suspect(s, w, module_wh, now_ms, c);
}

}  // namespace mp
