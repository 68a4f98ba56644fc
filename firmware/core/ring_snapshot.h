// Snapshot of the frame ring in LittleFS so unsent frames survive a reboot.
//
// File layout (little-endian, the device's own; read back by the same build):
//   magic u32 | version u16 | frame size u16 | count u16 | pad u16 | dropped u32
//   | count * Frame | CRC-32 of all preceding bytes u32
// Written at a bounded rate (wear): only when the ring changed and the last
// write is older than the interval, and never for an empty ring twice.
#pragma once
#include "ring_buffer.h"
#include "storage.h"

namespace mp {

struct SnapshotConfig {
  uint32_t interval_ms = 5u * 60u * 1000u;  // ~24 KB per write at worst: <= 12 writes an hour
};

class RingSnapshot {
 public:
  RingSnapshot(FrameRing& ring, Storage& storage, const SnapshotConfig& config)
      : ring_(ring), storage_(storage), config_(config) {}

  // At boot, into an empty ring. Frames still on uptime belong to a previous
  // boot whose clock is gone: they are dropped and counted. False = no valid file.
  bool restore();
  // Call from the loop; writes when due. force: before a planned restart.
  void maybe_save(uint32_t now_ms, bool force = false);
  uint32_t writes() const { return writes_; }

 private:
  bool save();

  FrameRing& ring_;
  Storage& storage_;
  SnapshotConfig config_;
  uint32_t saved_revision_ = 0;
  bool saved_empty_ = false;
  bool saved_once_ = false;
  uint32_t saved_ms_ = 0;
  uint32_t writes_ = 0;
};

}  // namespace mp
