// A bounded FIFO of frames in RAM. When full, push() drops the oldest frame
// and counts it; the count is reported to the server (`dropped`) and cleared
// only once an upload carrying it succeeded.
#pragma once
#include "clock.h"
#include "frame.h"

namespace mp {

class FrameRing {
 public:
  FrameRing(Frame* storage, uint16_t capacity) : slots_(storage), capacity_(capacity) {}

  void push(const Frame& f);
  void pop(uint16_t n);  // removes the n oldest (delivered) frames
  void clear();

  uint16_t size() const { return count_; }
  uint16_t capacity() const { return capacity_; }
  bool empty() const { return count_ == 0; }
  const Frame& at(uint16_t i) const { return slots_[index(i)]; }

  // Uptime-stamped frames of this boot become epoch-stamped.
  void stamp(const WallClock& wall);
  // Frames ready to send: the stamped prefix (a frame still on uptime waits).
  uint16_t stamped_prefix() const;

  uint32_t dropped() const { return dropped_; }
  void acknowledge_dropped(uint32_t reported) { dropped_ -= reported < dropped_ ? reported : dropped_; }
  uint32_t revision() const { return revision_; }  // changes on every mutation

  // For the snapshot (ring_snapshot.h) only.
  void count_dropped(uint32_t n) { dropped_ += n; }

 private:
  uint16_t index(uint16_t i) const { return static_cast<uint16_t>((head_ + i) % capacity_); }

  Frame* slots_;
  uint16_t capacity_;
  uint16_t head_ = 0;
  uint16_t count_ = 0;
  uint32_t dropped_ = 0;
  uint32_t revision_ = 0;
};

}  // namespace mp
