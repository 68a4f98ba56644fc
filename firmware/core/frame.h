// One measurement instant of the whole strip, packed for the RAM ring:
// 16 + 4 * 12 = 64 bytes, so 400 frames take 25.6 KB.
//
// Until wall time is known a frame is stamped with uptime (flag kUptime) and
// converted to epoch once NTP or a server_time arrives.
#pragma once
#include <stdint.h>

#include "config.h"

namespace mp {

struct PortSample {
  uint16_t voltage_dv;    // 0.1 V
  uint16_t current_ma;    // 1 mA, saturates at 65.535 A (the contract's limit is 50 A)
  uint32_t power_dw : 24; // 0.1 W (up to 1.6 MW)
  uint32_t pf_centi : 8;  // 0.01
  uint32_t energy_wh;     // our monotonic counter (energy_counter.h)
};

struct Frame {
  enum : uint8_t { kUptime = 0x01 };
  uint32_t seq;         // the device's frame counter, persisted across reboots
  uint32_t t_s;         // seconds: epoch, or uptime while kUptime is set
  uint16_t t_ms;        // 0..999
  uint8_t flags;
  uint8_t masks;        // low nibble: port has a reading; high nibble: relay closed
  uint8_t epoch[kPorts];  // counter epoch of each port's energy_wh (energy_counter.h)
  PortSample ports[kPorts];

  uint64_t time_ms() const { return static_cast<uint64_t>(t_s) * 1000u + t_ms; }
  void set_time_ms(uint64_t ms) {
    t_s = static_cast<uint32_t>(ms / 1000u);
    t_ms = static_cast<uint16_t>(ms % 1000u);
  }
  bool stamped() const { return !(flags & kUptime); }
  bool has(uint8_t i) const { return masks & (1u << i); }
  bool relay(uint8_t i) const { return masks & (0x10u << i); }
};

}  // namespace mp
