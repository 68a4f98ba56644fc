#include "energy_counter.h"
#include "fakes.h"
#include "harness.h"
#include "persist.h"

using namespace mp;

TEST(the_first_module_reading_starts_the_count_at_zero) {
  EnergyState s{};
  CHECK_EQ(energy_update(s, 5000), 0);
  CHECK_EQ(s.total_wh, 0);
  CHECK_EQ(energy_update(s, 5012), 12);
  CHECK_EQ(s.total_wh, 12);
}

TEST(a_module_reset_counts_the_new_value_from_zero) {
  EnergyState s{};
  energy_update(s, 5000);
  energy_update(s, 5100);
  CHECK_EQ(energy_update(s, 7), 7);
  CHECK_EQ(s.total_wh, 107);
  CHECK_EQ(s.resets, 1);
}

TEST(a_module_rollover_at_9999_99_kwh_adds_the_wrapped_energy) {
  EnergyState s{};
  energy_update(s, 9999990);
  CHECK_EQ(energy_update(s, 15), 25);  // 10 Wh to the top, 15 after it
  CHECK_EQ(s.total_wh, 25);
  CHECK_EQ(s.resets, 0);
}

static PersistRecord record_with(uint32_t total, uint8_t relays) {
  PersistRecord r{};
  r.next_seq = 42;
  r.energy[0] = EnergyState{total, 1000 + total, 1, 0, {0, 0}};
  r.relay_mask = relays;
  return r;
}

TEST(a_soft_reset_restores_the_newest_state_from_rtc_memory) {
  FakeRtc rtc;
  FakeStorage flash;
  PersistStore store(rtc, flash, PersistConfig{});
  PersistRecord r = record_with(10, 0x3);
  store.save(r, 0);  // first save also goes to flash
  r = record_with(20, 0x3);
  store.save(r, 1000);  // energy only, 1 s later: RTC only
  CHECK_EQ(store.flash_writes(), 1);

  PersistStore after(rtc, flash, PersistConfig{});
  PersistRecord got;
  CHECK(after.restore(got));
  CHECK_EQ(got.energy[0].total_wh, 20);
  CHECK_EQ(got.relay_mask, 0x3);
  CHECK_EQ(got.next_seq, 42);
}

TEST(a_power_loss_falls_back_to_flash_and_the_module_counter_fills_the_gap) {
  FakeRtc rtc;
  FakeStorage flash;
  PersistStore store(rtc, flash, PersistConfig{});
  PersistRecord r = record_with(10, 0x1);
  store.save(r, 0);
  r = record_with(30, 0x1);  // module at 1030, only in RTC
  store.save(r, 60000);
  rtc.power_loss();

  PersistStore after(rtc, flash, PersistConfig{});
  PersistRecord got;
  CHECK(after.restore(got));
  CHECK_EQ(got.energy[0].total_wh, 10);  // stale flash copy...
  energy_update(got.energy[0], 1035);    // ...but the module kept counting
  CHECK_EQ(got.energy[0].total_wh, 35);
}

TEST(flash_writes_are_bounded_for_energy_and_prompt_for_relays) {
  FakeRtc rtc;
  FakeStorage flash;
  PersistConfig config;
  PersistStore store(rtc, flash, config);
  for (uint32_t s = 0; s < 3600; s++) {  // one energy change a second for an hour
    PersistRecord r = record_with(s, 0x1);
    store.save(r, s * 1000);
  }
  CHECK(store.flash_writes() <= 1 + 3600 * 1000 / config.energy_flash_interval_ms);
  uint32_t before = store.flash_writes();
  PersistRecord r = record_with(3599, 0x0);  // a relay switched off
  store.save(r, 3600 * 1000 + 5000);
  CHECK_EQ(store.flash_writes(), before + 1);
}

TEST(a_corrupt_copy_is_ignored_and_a_fresh_device_starts_from_zero) {
  FakeRtc rtc;
  FakeStorage flash;
  PersistStore fresh(rtc, flash, PersistConfig{});
  PersistRecord got;
  CHECK(!fresh.restore(got));
  CHECK_EQ(got.energy[0].total_wh, 0);

  PersistRecord r = record_with(50, 0);
  fresh.save(r, 0);
  flash.files["/state.bin"][20] ^= 0xFF;
  rtc.power_loss();
  PersistStore after(rtc, flash, PersistConfig{});
  CHECK(!after.restore(got));
}
