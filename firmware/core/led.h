// Status LED patterns (GPIO2, active low on the ESP-12 module), by priority:
//   config portal    fast blink      100 ms on / 100 ms off
//   overload trip    triple flash    every 2 s
//   no WiFi          slow blink      1 s on / 1 s off
//   server trouble   double flash    every 2 s
//   all well         steady on
#pragma once
#include <stdint.h>

namespace mp {

enum class LedState : uint8_t { kOk, kServerTrouble, kNoWifi, kTripped, kPortal };

bool led_on(LedState state, uint32_t now_ms);

}  // namespace mp
