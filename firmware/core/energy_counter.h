// Per-port energy that only ever grows, built on the PZEM's own Wh counter.
//
// The module keeps its counter in its own non-volatile memory, so we store
// both our total and the last module value we saw: after a reboot (or a stale
// flash copy) the first reading's delta recovers exactly what was consumed
// while we were not looking. A module value going down is either a rollover
// (the PZEM wraps at 9999.99 kWh) or a reset (someone sent 0x42, or a module
// was swapped); either way we add what the module counted since and never
// report a decrease to the server.
#pragma once
#include <stdint.h>

namespace mp {

constexpr uint32_t kPzemEnergyWrapWh = 10000000;      // counter range 0..9999.99 kWh, in Wh
constexpr uint32_t kRolloverWindowWh = 100000;        // within 100 kWh of the top = a wrap

// Plain data so it can live in RTC memory and flash as is.
struct EnergyState {
  uint32_t total_wh;   // what we report as energy_wh
  uint32_t module_wh;  // last module counter seen
  uint8_t seen;        // 0 until the first reading since the counter began
  uint8_t resets;      // module resets observed (diagnostics, saturating)
  uint8_t pad[2];
};

// Folds one module reading into the state; returns the Wh added.
uint32_t energy_update(EnergyState& state, uint32_t module_wh);

}  // namespace mp
