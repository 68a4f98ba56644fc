#include "button.h"
#include "fake_relays.h"
#include "harness.h"
#include "led.h"
#include "overload.h"

using namespace mp;

struct Rig {
  uint32_t now = 100000;
  FakeRelays pins;
  RelayController relays{pins, RelayConfig{}};
  Rig() { pins.clock = &now; }
  void run(uint32_t ms) {
    for (uint32_t end = now + ms; now != end; now += 10) relays.loop(now);
  }
};

TEST(boot_restores_the_last_state_with_staggered_switch_on) {
  Rig r;
  r.relays.begin(0x0B, 0, r.now);  // ports 1, 2 and 4 were on
  for (int i = 0; i < 4; i++) CHECK(!r.pins.pin[i]);  // everything opens first
  r.run(7000);
  CHECK(r.pins.closed_at[0] - 100000 >= 3000);  // the reset opened them: a toggle
  CHECK(r.pins.pin[0] && r.pins.pin[1] && !r.pins.pin[2] && r.pins.pin[3]);
  CHECK(r.pins.closed_at[1] - r.pins.closed_at[0] >= 1000);  // one per stagger period
  CHECK(r.pins.closed_at[3] - r.pins.closed_at[1] >= 1000);
}

TEST(restore_policies_all_off_and_all_on_and_tripped_ports_stay_off) {
  FakeRelays pins;
  RelayConfig off;
  off.policy = RestorePolicy::kAllOff;
  RelayController a(pins, off);
  a.begin(0x0F, 0, 0);
  CHECK_EQ(a.desired_mask(), 0);
  RelayConfig on;
  on.policy = RestorePolicy::kAllOn;
  RelayController b(pins, on);
  b.begin(0, 0x2, 0);
  CHECK_EQ(b.desired_mask(), 0x0D);
}

TEST(a_port_toggles_at_most_once_per_minimum_interval) {
  Rig r;
  r.relays.begin(0, 0, r.now);
  r.relays.request(0, true, r.now);
  r.run(3500);
  CHECK(r.pins.pin[0]);
  r.relays.request(0, false, r.now);
  r.run(1000);
  CHECK(r.pins.pin[0]);  // too soon after closing
  r.run(2500);
  CHECK(!r.pins.pin[0]);
  CHECK_EQ(r.pins.switches, 2);
}

TEST(an_overload_trips_only_after_the_hold_time) {
  Rig r;
  r.relays.begin(0x1, 0, r.now);
  r.run(4100);  // closed at 3 s, past its 1 s blanking
  CHECK(r.pins.pin[0]);
  OverloadGuard guard{OverloadConfig{}};
  uint32_t amps[4] = {12000, 0, 0, 0};  // 12 A on a 10 A socket
  int cut = -1;
  uint32_t start = r.now;
  for (; cut < 0 && r.now - start < 5000; r.now += 100) cut = guard.check(amps, 0x0F, r.relays, r.now);
  CHECK_EQ(cut, 0);
  CHECK(r.now - start >= 2000);
  CHECK(r.now - start <= 2200);
  r.relays.trip(0, r.now);
  CHECK(!r.pins.pin[0]);
  CHECK_EQ(r.relays.tripped_mask(), 0x1);
  r.run(10000);
  CHECK(!r.pins.pin[0]);  // latched
}

TEST(a_tripped_port_needs_an_explicit_override_and_not_during_the_back_off) {
  Rig r;
  r.relays.begin(0x1, 0, r.now);
  r.run(3500);
  r.relays.trip(0, r.now);
  CHECK(r.relays.request(0, true, r.now) == RequestResult::kTripped);  // a plain "on" re-closes nothing
  r.run(10000);
  CHECK(r.relays.request(0, true, r.now, true) == RequestResult::kBackoff);
  r.run(2000);
  CHECK(!r.pins.pin[0]);
  r.run(50000);  // the back-off (60 s) is over
  CHECK(r.relays.request(0, true, r.now, true) == RequestResult::kOk);
  r.run(1000);
  CHECK(r.pins.pin[0]);
  CHECK_EQ(r.relays.tripped_mask(), 0);
  CHECK(r.relays.request(1, true, r.now) == RequestResult::kOk);  // untripped ports need nothing
}

TEST(a_port_tripped_before_a_reboot_waits_out_a_fresh_back_off) {
  Rig r;
  r.relays.begin(0x1, 0x1, r.now);
  r.run(30000);
  CHECK(r.relays.request(0, true, r.now, true) == RequestResult::kBackoff);
  r.run(31000);
  CHECK(r.relays.request(0, true, r.now, true) == RequestResult::kOk);
}

TEST(nothing_closes_before_the_minimum_toggle_time_after_a_reset_or_the_restore_delay) {
  Rig r;
  r.relays.begin(0x1, 0, r.now);
  r.run(2990);
  CHECK(!r.pins.pin[0]);
  r.run(20);
  CHECK(r.pins.pin[0]);
  Rig slow;
  slow.relays.begin(0x1, 0, slow.now, 12000);  // after repeated quick boots
  slow.run(11990);
  CHECK(!slow.pins.pin[0]);
  slow.run(20);
  CHECK(slow.pins.pin[0]);
}

TEST(a_short_spike_and_inrush_right_after_closing_do_not_trip) {
  Rig r;
  r.relays.begin(0x1, 0, r.now);
  r.run(3010);
  CHECK(r.pins.pin[0]);
  OverloadGuard guard{OverloadConfig{}};
  uint32_t inrush[4] = {60000, 0, 0, 0};
  for (int i = 0; i < 9; i++, r.now += 100) CHECK_EQ(guard.check(inrush, 0x1, r.relays, r.now), -1);
  uint32_t spike[4] = {15000, 0, 0, 0};
  for (int i = 0; i < 15; i++, r.now += 100) CHECK_EQ(guard.check(spike, 0x1, r.relays, r.now), -1);
  uint32_t normal[4] = {5000, 0, 0, 0};
  for (int i = 0; i < 50; i++, r.now += 100) CHECK_EQ(guard.check(normal, 0x1, r.relays, r.now), -1);
}

TEST(a_whole_strip_overload_cuts_the_largest_load) {
  Rig r;
  r.relays.begin(0x0F, 0, r.now);
  r.run(7000);
  OverloadGuard guard{OverloadConfig{}};
  uint32_t amps[4] = {4000, 6000, 3000, 1000};  // 14 A > 13 A, every socket under 10 A
  int cut = -1;
  for (int i = 0; i < 30 && cut < 0; i++, r.now += 100) cut = guard.check(amps, 0x0F, r.relays, r.now);
  CHECK_EQ(cut, 1);
}

TEST(the_button_tells_short_from_long_presses_and_ignores_bounce) {
  Button b;
  uint32_t t = 0;
  CHECK(b.update(true, t) == ButtonEvent::kNone);
  CHECK(b.update(false, t + 10) == ButtonEvent::kNone);  // bounce
  int shorts = 0, longs = 0;
  for (t = 20; t < 300; t += 5) shorts += b.update(true, t) == ButtonEvent::kShort;
  for (; t < 600; t += 5) shorts += b.update(false, t) == ButtonEvent::kShort;
  CHECK_EQ(shorts, 1);
  for (; t < 7000; t += 5) longs += b.update(true, t) == ButtonEvent::kLong;
  for (; t < 7500; t += 5) shorts += b.update(false, t) == ButtonEvent::kShort;
  CHECK_EQ(longs, 1);
  CHECK_EQ(shorts, 1);  // releasing after a long press is not also a short one
}

TEST(holding_the_button_for_fifteen_seconds_asks_for_a_factory_reset_once) {
  Button b;
  uint32_t t = 0;
  int longs = 0, resets = 0, shorts = 0;
  for (; t < 20000; t += 5) {
    ButtonEvent e = b.update(true, t);
    longs += e == ButtonEvent::kLong;
    resets += e == ButtonEvent::kFactoryReset;
    if (e == ButtonEvent::kFactoryReset) CHECK(t >= 15000 && t < 15100);
  }
  for (; t < 20500; t += 5) shorts += b.update(false, t) == ButtonEvent::kShort;
  CHECK_EQ(longs, 1);
  CHECK_EQ(resets, 1);
  CHECK_EQ(shorts, 0);
}

TEST(the_critical_ports_setting_reads_a_list_of_port_numbers) {
  uint8_t mask = 0xFF;
  CHECK(parse_port_list("1,3", &mask));
  CHECK_EQ(mask, 0x05);
  CHECK(parse_port_list(" 4 ", &mask));
  CHECK_EQ(mask, 0x08);
  CHECK(parse_port_list("", &mask));
  CHECK_EQ(mask, 0);
  mask = 0x02;
  CHECK(!parse_port_list("5", &mask));
  CHECK(!parse_port_list("12", &mask));
  CHECK(!parse_port_list("fridge", &mask));
  CHECK_EQ(mask, 0x02);
}

TEST(led_patterns_differ_by_state) {
  int on[5] = {};
  LedState states[5] = {LedState::kOk, LedState::kServerTrouble, LedState::kNoWifi, LedState::kTripped,
                        LedState::kPortal};
  for (int s = 0; s < 5; s++)
    for (uint32_t t = 0; t < 2000; t += 10) on[s] += led_on(states[s], t);
  CHECK_EQ(on[0], 200);
  CHECK_EQ(on[1], 30);
  CHECK_EQ(on[2], 100);
  CHECK_EQ(on[3], 45);
  CHECK_EQ(on[4], 100);
}
