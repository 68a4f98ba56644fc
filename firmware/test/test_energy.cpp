#include "energy_counter.h"
#include "fakes.h"
#include "harness.h"
#include "persist.h"

using namespace mp;

// One reading a second, as the PZEM round delivers them.
struct Counter {
  EnergyState s{};
  EnergyWatch w{};
  EnergyConfig c;
  uint32_t now = 1000;
  EnergyStep feed(uint32_t module_wh, uint32_t after_ms = 1000) {
    now += after_ms;
    return energy_update(s, w, module_wh, now, c);
  }
};

TEST(the_first_module_reading_starts_the_count_at_zero) {
  Counter k;
  CHECK_EQ(k.feed(5000).added_wh, 0);
  CHECK_EQ(k.s.total_wh, 0);
  CHECK_EQ(k.feed(5001).added_wh, 1);
  CHECK_EQ(k.feed(5002).added_wh, 1);
  CHECK_EQ(k.s.total_wh, 2);
  CHECK_EQ(k.s.epoch, 0);
}

TEST(a_single_glitch_reading_of_zero_adds_nothing_and_is_not_a_reset) {
  Counter k;
  k.feed(5000020);
  CHECK(k.feed(0).event == EnergyEvent::kPending);
  CHECK_EQ(k.feed(5000021).added_wh, 1);
  CHECK_EQ(k.s.total_wh, 1);
  CHECK_EQ(k.s.epoch, 0);
  CHECK_EQ(k.s.resets, 0);
  CHECK_EQ(k.w.refused, 1);
}

TEST(a_small_dip_is_ignored_and_counting_resumes_above_the_old_value) {
  Counter k;
  k.feed(5000010);
  CHECK(k.feed(5000000).event == EnergyEvent::kDip);
  CHECK(k.feed(5000000).event == EnergyEvent::kDip);
  CHECK(k.feed(5000005).event == EnergyEvent::kDip);
  CHECK_EQ(k.s.total_wh, 0);
  CHECK_EQ(k.feed(5000011).added_wh, 1);
  CHECK_EQ(k.s.total_wh, 1);
  CHECK_EQ(k.s.epoch, 0);
}

TEST(a_reset_is_believed_only_when_the_lower_value_is_sustained) {
  Counter k;
  k.feed(5000);
  k.feed(5100, 3600000);  // 100 Wh in an hour
  CHECK_EQ(k.s.total_wh, 100);
  CHECK(k.feed(0).event == EnergyEvent::kPending);
  CHECK(k.feed(0).event == EnergyEvent::kPending);
  EnergyStep confirmed = k.feed(1);
  CHECK(confirmed.event == EnergyEvent::kNewEpoch);
  CHECK_EQ(confirmed.added_wh, 0);  // the server takes this interval from power
  CHECK_EQ(k.s.epoch, 1);
  CHECK_EQ(k.s.resets, 1);
  CHECK_EQ(k.s.total_wh, 100);  // never goes down, never jumps
  CHECK_EQ(k.feed(3).added_wh, 2);  // and counts on in the new epoch
  CHECK_EQ(k.s.total_wh, 102);
}

TEST(a_rise_beyond_the_rated_power_is_refused_and_reported) {
  Counter k;
  k.feed(1000);
  CHECK(k.feed(1000 + 500).event == EnergyEvent::kPending);  // 500 Wh in 1 s = 1.8 MW
  CHECK_EQ(k.s.total_wh, 0);
  CHECK_EQ(k.w.refused, 1);
  CHECK_EQ(k.feed(1001).added_wh, 1);  // the glitch is gone
  CHECK_EQ(k.s.total_wh, 1);
  // 2,500 W for 10 s is 6.9 Wh: 9 Wh is within the slack, 20 Wh is not.
  CHECK_EQ(k.feed(1010, 10000).added_wh, 9);
  CHECK(k.feed(1030, 10000).event == EnergyEvent::kPending);
}

TEST(a_sustained_jump_is_a_replaced_module_and_starts_a_new_epoch) {
  Counter k;
  k.feed(1000);
  k.feed(1001);
  CHECK(k.feed(1234500).event == EnergyEvent::kPending);  // a used module, 1,234.5 kWh
  CHECK(k.feed(1234500).event == EnergyEvent::kPending);
  CHECK(k.feed(1234501).event == EnergyEvent::kNewEpoch);
  CHECK_EQ(k.s.total_wh, 1);
  CHECK_EQ(k.s.epoch, 1);
  CHECK_EQ(k.s.resets, 0);  // not a drop: a replacement
}

TEST(glitches_that_disagree_with_each_other_never_confirm) {
  Counter k;
  k.feed(5000);
  for (int i = 0; i < 20; i++) k.feed(i % 2 ? 0 : 9000000);
  CHECK_EQ(k.s.epoch, 0);
  CHECK_EQ(k.s.total_wh, 0);
  CHECK_EQ(k.feed(5001).added_wh, 1);
}

TEST(a_module_rollover_at_9999_99_kwh_adds_the_wrapped_energy) {
  Counter k;
  k.feed(9999990);
  CHECK_EQ(k.feed(15, 60000).added_wh, 25);  // 10 Wh to the top, 15 after it
  CHECK_EQ(k.s.total_wh, 25);
  CHECK_EQ(k.s.resets, 0);
  CHECK_EQ(k.s.epoch, 0);
}

TEST(after_a_reboot_a_confirmed_rise_is_energy_counted_while_we_were_off) {
  Counter k;
  k.feed(1000);
  k.feed(1010, 60000);
  EnergyWatch fresh{};  // a reboot: how long we were off is unknown
  k.w = fresh;
  CHECK(k.feed(1500).event == EnergyEvent::kPending);
  k.feed(1500);
  EnergyStep got = k.feed(1501);
  CHECK(got.event == EnergyEvent::kRecovered);
  CHECK_EQ(got.added_wh, 491);
  CHECK_EQ(k.s.total_wh, 501);
  CHECK_EQ(k.s.epoch, 0);
}

TEST(after_a_reboot_a_glitch_is_not_recovered_as_energy) {
  Counter k;
  k.feed(1000);
  k.w = EnergyWatch{};
  k.feed(9000000);
  CHECK_EQ(k.feed(1000).added_wh, 0);
  CHECK_EQ(k.feed(1001).added_wh, 1);
  CHECK_EQ(k.s.total_wh, 1);
}

static PersistRecord record_with(uint32_t total, uint8_t relays) {
  PersistRecord r{};
  r.next_seq = 42;
  r.energy[0] = EnergyState{total, 1000 + total, 1, 0, 0, 0};
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
  EnergyWatch w{};  // ...but the module kept counting, confirmed by repeated readings
  for (uint32_t t = 0; t < 3; t++) energy_update(got.energy[0], w, 1035, t * 1000, EnergyConfig{});
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
