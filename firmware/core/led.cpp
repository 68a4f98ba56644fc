#include "led.h"

namespace mp {

// n flashes of 150 ms on/150 ms off at the start of each 2 s period.
static bool flashes(uint32_t now_ms, uint32_t n) {
  uint32_t t = now_ms % 2000;
  return t < n * 300 && (t % 300) < 150;
}

bool led_on(LedState state, uint32_t now_ms) {
  switch (state) {
    case LedState::kPortal: return (now_ms / 100) % 2 == 0;
    case LedState::kTripped: return flashes(now_ms, 3);
    case LedState::kNoWifi: return (now_ms / 1000) % 2 == 0;
    case LedState::kServerTrouble: return flashes(now_ms, 2);
    case LedState::kOk: return true;
  }
  return false;
}

}  // namespace mp
