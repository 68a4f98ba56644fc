#include "persist.h"

#include <string.h>

#include "clock.h"
#include "crc.h"
#include "log.h"

namespace mp {

static const char TAG[] = "persist";
static const char kFile[] = "/state.bin";
constexpr uint32_t kMagic = 0x4D504C47;  // "MPLG"
constexpr uint16_t kVersion = 1;

static uint32_t record_crc(const PersistRecord& rec) { return crc32(&rec, offsetof(PersistRecord, crc)); }

// The body: what changes meaning, i.e. everything but generation and CRC.
static uint32_t body_crc(const PersistRecord& rec) {
  uint32_t c = crc32(&rec.next_seq, sizeof rec.next_seq);
  c = crc32_update(c, rec.energy, sizeof rec.energy);
  return crc32_update(c, &rec.relay_mask, 2);
}

static bool valid(const PersistRecord& rec) {
  return rec.magic == kMagic && rec.version == kVersion && rec.size == sizeof rec && rec.crc == record_crc(rec);
}

bool PersistStore::restore(PersistRecord& out) {
  PersistRecord from_rtc, from_flash;
  bool rtc_ok = rtc_.read(&from_rtc, sizeof from_rtc) && valid(from_rtc);
  bool flash_ok = storage_.read(kFile, 0, &from_flash, sizeof from_flash) == (int32_t)sizeof from_flash &&
                  valid(from_flash);
  memset(&out, 0, sizeof out);
  if (rtc_ok && (!flash_ok || from_rtc.generation >= from_flash.generation)) {
    out = from_rtc;
    from_rtc_ = true;
    logf(TAG, "restored from RTC memory (generation %lu)", (unsigned long)out.generation);
  } else if (flash_ok) {
    out = from_flash;
    out.quick_boots = 0;  // a cold boot: the count of quick resets lives in RTC memory only
    logf(TAG, "restored from flash (generation %lu)", (unsigned long)out.generation);
  } else {
    logf(TAG, "no saved state: fresh counters");
    return false;
  }
  generation_ = out.generation;
  if (flash_ok) {
    flashed_once_ = true;
    flashed_body_crc_ = body_crc(from_flash);
    flashed_relay_mask_ = from_flash.relay_mask;
    flashed_tripped_mask_ = from_flash.tripped_mask;
  }
  return true;
}

bool PersistStore::flash_due(const PersistRecord& rec, uint32_t now_ms) const {
  if (!flashed_once_) return true;
  if (body_crc(rec) == flashed_body_crc_) return false;
  bool relays_changed = rec.relay_mask != flashed_relay_mask_ || rec.tripped_mask != flashed_tripped_mask_;
  uint32_t interval = relays_changed ? config_.relay_flash_interval_ms : config_.energy_flash_interval_ms;
  return timer_due(now_ms, flashed_ms_, interval);
}

void PersistStore::save(PersistRecord& rec, uint32_t now_ms, bool force_flash) {
  rec.magic = kMagic;
  rec.version = kVersion;
  rec.size = sizeof rec;
  rec.generation = ++generation_;
  rec.pad = 0;
  rec.crc = record_crc(rec);
  rtc_.write(&rec, sizeof rec);
  if (!force_flash && !flash_due(rec, now_ms)) return;
  if (!(storage_.write_begin(kFile) && storage_.write(&rec, sizeof rec) && storage_.write_commit())) {
    logf(TAG, "flash write failed");
    // RTC still has it. Retry after the interval, not on every save.
    flashed_once_ = true;
    flashed_ms_ = now_ms;
    flashed_body_crc_ = 0;
    return;
  }
  flashed_once_ = true;
  flashed_ms_ = now_ms;
  flashed_body_crc_ = body_crc(rec);
  flashed_relay_mask_ = rec.relay_mask;
  flashed_tripped_mask_ = rec.tripped_mask;
  flash_writes_++;
}

}  // namespace mp
