// Per-port energy that only ever grows, built on the PZEM's own Wh counter,
// and a counter epoch that says when that counter stopped being comparable.
//
// The module keeps its counter in its own non-volatile memory, so we store
// both our total and the last module value we accepted: after a reboot the
// first readings' delta recovers what was consumed while we were not looking.
//
// A reading is not trusted just because it arrived:
//  - a small dip (<= dip_tolerance_wh) is jitter or a glitch: ignored, and
//    counting resumes once the module passes the old value again;
//  - a larger drop, or a rise more than the port's rated power could draw
//    since the last accepted reading, is a *candidate*: it must be repeated
//    by confirm_readings consistent readings (not falling, plausible steps)
//    before it is believed. A lone glitch (0, or 5 MWh) is simply dropped.
//  - a confirmed drop or jump is a reset or a replaced module: the epoch goes
//    up and nothing is added (the server takes the energy of that interval
//    from power); a confirmed rise after a reboot (the time we were off is
//    unknown) is energy the module counted meanwhile and is added.
//  - the PZEM wraps at 9999.99 kWh: a drop from the top 100 kWh to the bottom
//    100 kWh is a rollover, counted across the wrap if plausible.
#pragma once
#include <stdint.h>

namespace mp {

constexpr uint32_t kPzemEnergyWrapWh = 10000000;  // counter range 0..9999.99 kWh, in Wh
constexpr uint32_t kRolloverWindowWh = 100000;    // within 100 kWh of the top = a wrap

// Plain data so it can live in RTC memory and flash as is (12 bytes; the
// epoch took the place of padding that was always saved as zero, so a saved
// state from before epochs reads as epoch 0).
struct EnergyState {
  uint32_t total_wh;   // what we report as energy_wh
  uint32_t module_wh;  // last module counter accepted
  uint8_t seen;        // 0 until the first reading since the counter began
  uint8_t resets;      // confirmed module resets (diagnostics, saturating)
  uint8_t epoch;       // +1 per confirmed reset or replacement; wraps at 256
  uint8_t pad;
};

struct EnergyConfig {
  uint32_t max_power_w = 2500;     // the port's rating (10 A at 250 V): more cannot be real
  uint32_t dip_tolerance_wh = 16;  // smaller drops are ignored, never a reset
  uint32_t slack_wh = 2;           // the counter's 1 Wh resolution, either end
  uint8_t confirm_readings = 3;    // consistent readings that make a candidate true
};

// Runtime-only companion of an EnergyState: timing and the pending candidate.
// Zeroed at boot, which is what makes the first rise after a reboot a
// candidate (we do not know how long we were off).
struct EnergyWatch {
  bool base_known;      // base_ms is the time of module_wh
  uint32_t base_ms;
  uint8_t pending;      // consistent candidate readings so far (0 = none)
  uint32_t cand_wh;
  uint32_t cand_ms;
  uint32_t refused;     // implausible readings not taken (diagnostics)
  uint32_t dips;        // small dips ignored (diagnostics)
};

enum class EnergyEvent : uint8_t {
  kFirst,      // the first reading ever: the start of the count
  kCounted,    // a normal step (possibly 0)
  kWrapped,    // a rollover at 9999.99 kWh
  kDip,        // a small drop, ignored
  kPending,    // an unconfirmed drop or jump, not taken (yet)
  kRecovered,  // a confirmed rise after a reboot, added
  kNewEpoch,   // a confirmed reset or replacement: epoch + 1, nothing added
};

struct EnergyStep {
  uint32_t added_wh;
  EnergyEvent event;
};

// Folds one module reading, taken at now_ms, into the state.
EnergyStep energy_update(EnergyState& state, EnergyWatch& watch, uint32_t module_wh, uint32_t now_ms,
                         const EnergyConfig& config);

// The strip itself zeroed the module's counter (function 0x42, echoed): a new
// epoch at once, counting on from 0, nothing added and nothing waited for.
void energy_reset_by_us(EnergyState& state, EnergyWatch& watch, uint32_t now_ms);

// Another module now answers for this port (an address was assigned): its
// counter is not comparable, so a new epoch starts at its first reading.
void energy_new_module(EnergyState& state, EnergyWatch& watch);

// The most a port can add in elapsed_ms at its rated power, with slack for
// the counter's resolution and the meter's own update timing (one second).
uint32_t energy_plausible_wh(uint32_t elapsed_ms, const EnergyConfig& config);

}  // namespace mp
