#include "ring_snapshot.h"

#include <string.h>

#include "crc.h"
#include "log.h"

namespace mp {

static const char TAG[] = "snapshot";
static const char kFile[] = "/frames.bin";
constexpr uint32_t kMagic = 0x4D504652;  // "MPFR"
constexpr uint16_t kVersion = 1;
constexpr uint16_t kLegacyFrameSize = 60;   // before per-port epochs
constexpr size_t kLegacyHeaderSize = 12;    // seq, t_s, t_ms, flags, masks
static_assert(sizeof(Frame) == kLegacyFrameSize + kPorts, "a legacy frame is the new one without epochs");

struct SnapshotHeader {
  uint32_t magic;
  uint16_t version;
  uint16_t frame_size;
  uint16_t count;
  uint16_t pad;
  uint32_t dropped;
};

bool RingSnapshot::save() {
  SnapshotHeader h{kMagic, kVersion, sizeof(Frame), ring_.size(), 0, ring_.dropped()};
  if (!storage_.write_begin(kFile)) return false;
  uint32_t crc = crc32(&h, sizeof h);
  bool ok = storage_.write(&h, sizeof h);
  for (uint16_t i = 0; ok && i < ring_.size(); i++) {
    crc = crc32_update(crc, &ring_.at(i), sizeof(Frame));
    ok = storage_.write(&ring_.at(i), sizeof(Frame));
  }
  return ok && storage_.write(&crc, sizeof crc) && storage_.write_commit();
}

void RingSnapshot::maybe_save(uint32_t now_ms, bool force) {
  if (saved_once_ && ring_.revision() == saved_revision_) return;
  if (saved_once_ && saved_empty_ && ring_.empty()) return;  // nothing new worth the wear
  if (!force && saved_once_ && !timer_due(now_ms, saved_ms_, config_.interval_ms)) return;
  saved_once_ = true;
  saved_ms_ = now_ms;  // also on failure: retry after the interval, not every loop
  if (!save()) {
    logf(TAG, "write failed (%u frames)", ring_.size());
    return;
  }
  saved_revision_ = ring_.revision();
  saved_empty_ = ring_.empty();
  writes_++;
}

bool RingSnapshot::restore() {
  SnapshotHeader h;
  if (storage_.read(kFile, 0, &h, sizeof h) != (int32_t)sizeof h) return false;
  // Frames saved before per-port epochs lack the 4 epoch bytes after `masks`:
  // a firmware update flushes the ring first, so read them as epoch 0.
  bool legacy = h.frame_size == kLegacyFrameSize;
  if (h.magic != kMagic || h.version != kVersion || (h.frame_size != sizeof(Frame) && !legacy) ||
      h.count > ring_.capacity()) {
    logf(TAG, "ignoring snapshot of another format");
    return false;
  }
  uint32_t crc = crc32(&h, sizeof h);
  uint32_t offset = sizeof h;
  uint16_t stale = 0;
  for (uint16_t i = 0; i < h.count; i++, offset += h.frame_size) {
    Frame f;
    memset(&f, 0, sizeof f);
    uint8_t* raw = reinterpret_cast<uint8_t*>(&f);
    uint8_t* into = legacy ? raw + sizeof f - kLegacyFrameSize : raw;
    if (storage_.read(kFile, offset, into, h.frame_size) != (int32_t)h.frame_size) {
      ring_.clear();
      return false;
    }
    crc = crc32_update(crc, into, h.frame_size);
    if (legacy) {
      memmove(raw, into, kLegacyHeaderSize);
      memset(f.epoch, 0, sizeof f.epoch);
    }
    if (f.stamped()) ring_.push(f); else stale++;
  }
  uint32_t stored_crc = 0;
  if (storage_.read(kFile, offset, &stored_crc, sizeof stored_crc) != (int32_t)sizeof stored_crc ||
      stored_crc != crc) {
    logf(TAG, "snapshot CRC mismatch: discarded");
    ring_.clear();
    return false;
  }
  ring_.count_dropped(h.dropped + stale);
  saved_once_ = true;
  saved_revision_ = ring_.revision();
  saved_empty_ = ring_.empty();
  logf(TAG, "restored %u frames (%u without wall time dropped)", ring_.size(), stale);
  return true;
}

}  // namespace mp
