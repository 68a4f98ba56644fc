#include "ring_buffer.h"

namespace mp {

void FrameRing::push(const Frame& f) {
  if (count_ == capacity_) {
    // Full: the oldest frame goes. Its energy is not lost (the next frames
    // carry the cumulative counter); only its power detail is.
    head_ = index(1);
    count_--;
    dropped_++;
  }
  slots_[index(count_)] = f;
  count_++;
  revision_++;
}

void FrameRing::pop(uint16_t n) {
  if (n > count_) n = count_;
  head_ = index(n);
  count_ = static_cast<uint16_t>(count_ - n);
  revision_++;
}

void FrameRing::clear() { pop(count_); }

void FrameRing::stamp(const WallClock& wall) {
  if (!wall.valid()) return;
  for (uint16_t i = 0; i < count_; i++) {
    Frame& f = slots_[index(i)];
    if (f.stamped()) continue;
    f.set_time_ms(static_cast<uint64_t>(wall.at(f.time_ms())));
    f.flags &= static_cast<uint8_t>(~Frame::kUptime);
    revision_++;
  }
}

uint16_t FrameRing::stamped_prefix() const {
  uint16_t n = 0;
  while (n < count_ && at(n).stamped()) n++;
  return n;
}

}  // namespace mp
