// The push button on GPIO0 (active low, also the boot-mode strap): debounced,
// classified by how long it was held. Timing only; the glue reads the pin.
#pragma once
#include <stdint.h>

namespace mp {

enum class ButtonEvent : uint8_t { kNone, kShort, kLong, kFactoryReset };

class Button {
 public:
  static constexpr uint32_t kDebounceMs = 30;
  static constexpr uint32_t kLongMs = 5000;  // long enough not to happen by accident
  // Held on past the portal: forget WiFi, server settings, counters and relay
  // states. The portal's LED (fast blink) is the warning to let go.
  static constexpr uint32_t kFactoryResetMs = 15000;

  // pressed: the pin's raw level (true = held). Returns an event at most once.
  ButtonEvent update(bool pressed, uint32_t now_ms);

 private:
  bool raw_ = false, stable_ = false, long_sent_ = false, reset_sent_ = false;
  uint32_t raw_since_ = 0, pressed_since_ = 0;
};

}  // namespace mp
