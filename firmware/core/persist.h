// The device state that must outlive a reboot: energy counters, the frame
// counter and the relay states. Written to RTC memory on every change (no
// wear) and to flash at a bounded rate (wear: a LittleFS block pair per write).
#pragma once
#include "config.h"
#include "energy_counter.h"
#include "storage.h"

namespace mp {

struct PersistRecord {
  uint32_t magic;
  uint16_t version;
  uint16_t size;
  uint32_t generation;  // +1 per save; of two valid copies the higher wins
  uint32_t next_seq;    // the frame counter continues across reboots
  EnergyState energy[kPorts];
  uint8_t relay_mask;    // bit i = port i+1 was on
  uint8_t tripped_mask;  // bit i = port i+1 was cut by the overload guard
  uint8_t quick_boots;   // consecutive boots that did not run stable_after_ms (RTC copy only)
  uint8_t pad;
  uint32_t crc;          // CRC-32 of everything above
};

struct PersistConfig {
  uint32_t energy_flash_interval_ms = 10u * 60u * 1000u;  // <= 144 writes a day
  uint32_t relay_flash_interval_ms = 5000;  // relay changes are rare; keep them fresh
};

class PersistStore {
 public:
  PersistStore(RtcMemory& rtc, Storage& storage, const PersistConfig& config)
      : rtc_(rtc), storage_(storage), config_(config) {}

  // Loads the newest valid copy; false on a fresh device (record zeroed).
  bool restore(PersistRecord& out);
  // Saves `rec` (its header and CRC are filled in here).
  void save(PersistRecord& rec, uint32_t now_ms, bool force_flash = false);
  uint32_t flash_writes() const { return flash_writes_; }
  bool restored_from_rtc() const { return from_rtc_; }

 private:
  bool flash_due(const PersistRecord& rec, uint32_t now_ms) const;

  RtcMemory& rtc_;
  Storage& storage_;
  PersistConfig config_;
  uint32_t generation_ = 0;
  uint32_t flashed_body_crc_ = 0;
  uint8_t flashed_relay_mask_ = 0, flashed_tripped_mask_ = 0;
  bool flashed_once_ = false;
  uint32_t flashed_ms_ = 0;
  uint32_t flash_writes_ = 0;
  bool from_rtc_ = false;
};

}  // namespace mp
