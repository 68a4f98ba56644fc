#include "button.h"

#include "clock.h"

namespace mp {

ButtonEvent Button::update(bool pressed, uint32_t now_ms) {
  if (pressed != raw_) {
    raw_ = pressed;
    raw_since_ = now_ms;
  }
  if (raw_ != stable_ && timer_due(now_ms, raw_since_, kDebounceMs)) {
    stable_ = raw_;
    if (stable_) {
      pressed_since_ = now_ms;
      long_sent_ = false;
      reset_sent_ = false;
    } else if (!long_sent_) {
      return ButtonEvent::kShort;  // released before the long threshold
    }
  }
  if (stable_ && !long_sent_ && timer_due(now_ms, pressed_since_, kLongMs)) {
    long_sent_ = true;  // fires while still held, so the user sees the LED react
    return ButtonEvent::kLong;
  }
  if (stable_ && long_sent_ && !reset_sent_ && timer_due(now_ms, pressed_since_, kFactoryResetMs)) {
    reset_sent_ = true;
    return ButtonEvent::kFactoryReset;
  }
  return ButtonEvent::kNone;
}

}  // namespace mp
