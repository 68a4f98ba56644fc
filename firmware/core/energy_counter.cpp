#include "energy_counter.h"

#include "log.h"

namespace mp {

static const char TAG[] = "energy";

uint32_t energy_update(EnergyState& state, uint32_t module_wh) {
  uint32_t added;
  if (!state.seen) {
    // First reading ever: the module's past is not ours to report, start here.
    added = 0;
    state.seen = 1;
  } else if (module_wh >= state.module_wh) {
    added = module_wh - state.module_wh;
  } else if (state.module_wh >= kPzemEnergyWrapWh - kRolloverWindowWh && module_wh < kRolloverWindowWh) {
    added = (kPzemEnergyWrapWh - state.module_wh) + module_wh;
    logf(TAG, "module counter wrapped: %lu -> %lu Wh", (unsigned long)state.module_wh, (unsigned long)module_wh);
  } else {
    added = module_wh;  // the new value counts from zero
    if (state.resets < 255) state.resets++;
    logf(TAG, "module counter reset: %lu -> %lu Wh", (unsigned long)state.module_wh, (unsigned long)module_wh);
  }
  state.module_wh = module_wh;
  state.total_wh += added;
  return added;
}

}  // namespace mp
