// What the strip says about itself on every upload, so the server can tell a
// dead meter from an idle socket and a starving heap from a flaky link, even
// when no meter answers at all.
#pragma once
#include <stdint.h>

namespace mp {

// The chip's side of it; the sketch implements it with ESP.* and WiFi.*.
class SystemInfo {
 public:
  virtual uint32_t free_heap() = 0;
  virtual int8_t rssi() = 0;               // dBm; 0 when not associated
  virtual const char* reset_reason() = 0;  // e.g. "Software Watchdog"

 protected:
  ~SystemInfo() = default;
};

struct Health {
  const char* firmware = nullptr;  // version string ("fw"); omitted when null
  bool has_system = false;     // heap, rssi and reset are known
  uint32_t free_heap = 0;
  int8_t rssi = 0;
  const char* reset_reason = "";
  uint32_t uptime_s = 0;
  uint8_t meters_online = 0;   // bit i: port i+1's meter answers
  uint32_t meter_errors = 0;   // timeouts and bad frames on the bus since boot
  uint32_t refused_readings = 0;  // energy readings not believed (energy_counter.h)
};

}  // namespace mp
