#include "harness.h"
#include "strip_sim.h"

using namespace mp;

static const uint32_t kMinute = 60000, kHour = 60 * kMinute;

// Every frame taken (over all boots) reached the server once, seqs without gaps.
static bool all_delivered_once(const StripSim& s) {
  uint32_t taken = s.frames_taken();
  bool contiguous = s.server.seqs.empty() || *s.server.seqs.rbegin() - *s.server.seqs.begin() + 1 == s.server.seqs.size();
  bool ok = s.server.duplicates == 0 && s.server.seqs.size() == taken && s.device->ring().empty() && contiguous;
  if (!ok)
    printf("    taken %u, received %zu distinct seqs, %d duplicates, %u still buffered\n", taken,
           s.server.seqs.size(), s.server.duplicates, s.device->ring().size());
  return ok;
}

TEST(frames_flow_to_the_server_every_ten_seconds) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(10 * kMinute);
  CHECK(s.device->stats().frames_taken >= 60);
  CHECK(s.device->stats().frames_taken <= 70);  // interval frames plus the relays switching on
  CHECK(all_delivered_once(s));
  CHECK(s.server.dropped_reports.empty());
}

TEST(a_two_hour_server_outage_delivers_every_frame_once_afterwards) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(10 * kMinute);
  s.server.up = false;
  s.run(2 * kHour);
  CHECK(s.device->ring().size() > 200);
  CHECK(s.device->ring().dropped() == 0);
  s.server.up = true;
  s.run(30 * kMinute);
  CHECK(all_delivered_once(s));
  CHECK(s.server.dropped_reports.empty());
  // Replay keeps the order of measurement.
  for (size_t i = 1; i < s.server.order.size(); i++) CHECK(s.server.order[i] > s.server.order[i - 1]);
  // And the backoff did not hammer the dead server: ~5 min apart at most.
  CHECK(s.device->stats().uploads_failed < 60);
}

TEST(a_wifi_outage_is_survived_the_same_way) {
  StripSim s;
  s.boot();
  s.run(5 * kMinute);
  s.device->set_network_up(false);
  s.run(45 * kMinute);
  s.device->set_network_up(true);
  s.run(10 * kMinute);
  CHECK(all_delivered_once(s));
}

TEST(an_outage_longer_than_the_buffer_drops_the_oldest_and_reports_it) {
  StripSim s;
  s.config.ring_capacity = 40;
  s.boot();
  s.run(2 * kMinute);
  uint32_t before = s.device->stats().frames_taken;
  s.server.up = false;
  s.run(60 * kMinute);
  CHECK(s.device->ring().dropped() > 0);
  CHECK_EQ(s.device->ring().size(), 40);
  s.server.up = true;
  s.run(10 * kMinute);  // includes the rest of the backoff, still dropping
  // A frame taken during a long-poll waits for it (at most one interval).
  for (uint32_t t = 0; t < 10000 && !s.device->ring().empty(); t += 50) s.step(50);
  CHECK_EQ(s.server.dropped_reports.size(), 1);  // reported once, on the first batch
  uint32_t lost = s.device->stats().frames_taken - static_cast<uint32_t>(s.server.seqs.size());
  CHECK(lost > 80);
  CHECK_EQ(s.server.dropped_reports[0], lost);
  // The ones that went were the oldest of the outage.
  CHECK(s.server.seqs.count(before) == 0);
  CHECK(s.server.seqs.count(s.device->stats().frames_taken - 1) == 1);
  CHECK_EQ(s.device->ring().dropped(), 0);
}

TEST(an_overload_trips_the_port_after_the_hold_time_and_stays_off_across_a_reboot) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  CHECK(s.pins.pin[2]);
  s.load_w[2] = 2990;  // 13 A on a 10 A socket
  uint32_t start = s.clock.now;
  while (s.pins.pin[2] && s.clock.now - start < 10000) s.step(50);
  CHECK(!s.pins.pin[2]);
  uint32_t took = s.clock.now - start;
  CHECK(took >= 2000);  // the hold time...
  CHECK(took <= 4000);  // ...plus up to one meter round
  CHECK_EQ(s.device->stats().trips, 1);
  CHECK(s.pins.pin[0] && s.pins.pin[1] && s.pins.pin[3]);
  s.run(kMinute);
  // The frames after the trip say so.
  CHECK(s.server.bodies.back().find("{\"port\":3,\"voltage\":230.0,\"current\":0.000") != std::string::npos);

  s.boot();  // soft reboot: the latch survives in RTC memory
  s.run(kMinute);
  CHECK(s.pins.pin[0] && s.pins.pin[1] && !s.pins.pin[2] && s.pins.pin[3]);
}

TEST(an_expired_command_from_the_server_is_refused_and_reported) {
  StripSim s;
  s.boot();
  s.run(kMinute);
  s.server.pending.push_back({"c_late", 1, true, s.server.now_epoch() - 1000});
  s.server.pending.push_back({"c_fresh", 2, true, s.server.now_epoch() + 30000});
  s.run(kMinute);
  CHECK(!s.pins.pin[0]);
  CHECK(s.pins.pin[1]);
  CHECK_EQ(s.server.refused.size(), 1);
  CHECK(s.server.refused[0] == "c_late");
  CHECK_EQ(s.server.acks.size(), 1);
  CHECK(s.server.acks[0] == "c_fresh");
}

TEST(a_long_poll_command_switches_within_a_second_or_two) {
  StripSim s;
  s.boot();
  s.run(kMinute + 5000);  // between two uploads: a long-poll is waiting
  s.server.pending.push_back({"c_now", 4, true, s.server.now_epoch() + 30000});
  uint32_t start = s.clock.now;
  while (!s.pins.pin[3] && s.clock.now - start < 10000) s.step(50);
  CHECK(s.pins.pin[3]);
  CHECK(s.clock.now - start <= 1500);
  CHECK(s.server.polls >= 1);
}

TEST(a_reboot_restores_energy_counters_relays_and_unsent_frames) {
  StripSim s;
  s.boot();
  s.run(5000);
  s.device->on_button(ButtonEvent::kShort);  // all on
  s.run(10 * kMinute);
  s.device->on_button(ButtonEvent::kNone);
  uint32_t wh_before = s.device->energy(2).total_wh;
  CHECK(wh_before >= 150);  // 1 kW for ~10 min
  s.server.up = false;
  s.run(20 * kMinute);
  s.device->prepare_restart();  // e.g. OTA: flush state
  uint32_t wh_at_restart = s.device->energy(2).total_wh;
  uint16_t unsent = s.device->ring().size();
  CHECK(unsent > 100);

  s.run(0);
  s.boot();  // relays drop, ~0 s of downtime
  CHECK_EQ(s.device->ring().size(), unsent);
  CHECK_EQ(s.device->energy(2).total_wh, wh_at_restart);
  s.server.up = true;
  s.run(5 * kMinute);
  CHECK(s.pins.pin[0] && s.pins.pin[1] && s.pins.pin[2] && s.pins.pin[3]);  // last state restored
  CHECK(s.device->energy(2).total_wh > wh_at_restart);
  CHECK(all_delivered_once(s));
}

TEST(after_a_power_cut_the_flash_copy_and_the_module_counter_lose_no_energy) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(30 * kMinute);
  // Our total runs a fixed offset from the module's counter; a loss would shrink it.
  const EnergyState& e = s.device->energy(2);
  uint32_t offset = e.total_wh - e.module_wh;
  CHECK(e.total_wh > 400);
  s.rtc.power_loss();  // the flash copy is up to 10 minutes old
  s.boot();
  s.run(2 * kMinute);
  const EnergyState& after = s.device->energy(2);
  CHECK_EQ(after.total_wh - after.module_wh, offset);
  CHECK(after.module_wh > 20400);
}

TEST(frames_before_ntp_are_stamped_once_time_is_known) {
  StripSim s;
  s.server.up = false;  // no server_time either
  s.boot(false);
  s.run(3 * kMinute);
  CHECK(!s.device->wall_time_known());
  CHECK(s.device->ring().size() >= 17);
  CHECK_EQ(s.device->ring().stamped_prefix(), 0);
  s.device->set_wall_time(kEpoch0 + s.clock.now);
  s.server.up = true;
  s.run(kMinute);
  CHECK(all_delivered_once(s));
  // The first frame was measured ~0.3 s after boot, and says so.
  uint64_t first = s.server.order.front();
  CHECK(first >= static_cast<uint64_t>(kEpoch0));
  CHECK(first < static_cast<uint64_t>(kEpoch0) + 2000);
}

TEST(the_server_time_in_an_answer_sets_the_clock_when_ntp_is_missing) {
  StripSim s;
  s.boot(false);
  s.run(2 * kMinute);
  CHECK(s.device->wall_time_known());
  CHECK(all_delivered_once(s));
}

TEST(the_core_runs_unchanged_across_the_millis_wrap) {
  StripSim s(0xFFFFFFFFu - 3 * kMinute);
  s.server.epoch_at_zero = kEpoch0 - (0xFFFFFFFFll - 3 * kMinute);
  s.boot();
  s.server.epoch_at_zero = kEpoch0 - static_cast<int64_t>(s.clock.now);
  s.run(10 * kMinute);  // wraps 3 minutes in
  CHECK(all_delivered_once(s));
  for (size_t i = 1; i < s.server.order.size(); i++) CHECK(s.server.order[i] > s.server.order[i - 1]);
  CHECK(s.server.order.back() - s.server.order.front() > 9 * kMinute);
}

TEST(server_errors_back_off_exponentially_with_jitter_and_honour_retry_after) {
  StripSim s;
  s.boot();
  s.run(15000);
  for (int i = 0; i < 8; i++) s.server.forced_status.push_back(503);
  uint32_t start = s.clock.now;
  std::vector<uint32_t> attempts;
  size_t seen = s.server.bodies.size();
  while (s.clock.now - start < 20 * kMinute) {
    s.step(50);
    if (s.server.bodies.size() != seen) {
      seen = s.server.bodies.size();
      attempts.push_back(s.clock.now);
    }
  }
  // 8 failures then success: gaps grow roughly x2 (2 s, 4 s, 8 s, ... with jitter in the upper half).
  CHECK(attempts.size() >= 9);
  for (size_t i = 2; i < 8 && i < attempts.size(); i++) {
    uint32_t gap = attempts[i] - attempts[i - 1];
    uint32_t nominal = 2000u << (i - 1);
    CHECK(gap >= nominal / 2);
    CHECK(gap <= nominal + 500);
  }
  CHECK(all_delivered_once(s));

  s.server.retry_after_s = 120;
  s.server.forced_status.push_back(429);
  start = s.clock.now;
  seen = s.server.bodies.size();
  s.run(2 * kMinute);
  CHECK(s.server.bodies.size() - seen <= 1);  // nothing more before Retry-After
  s.run(kMinute);
  CHECK(all_delivered_once(s));
}

TEST(a_413_halves_the_batch_and_a_400_drops_it) {
  StripSim s;
  s.boot();
  s.server.up = false;
  s.run(5 * kMinute);
  s.server.up = true;
  s.server.forced_status.push_back(413);
  size_t first = s.server.bodies.size();
  s.run(6 * kMinute);  // the outage's backoff runs out first
  CHECK(all_delivered_once(s));
  CHECK(s.server.bodies.size() >= first + 2);
  size_t big = s.server.bodies[first].size();  // the one refused with 413
  size_t next = s.server.bodies[first + 1].size();
  CHECK(next < big * 6 / 10);
  s.server.forced_status.push_back(400);
  s.run(15000);
  CHECK(s.device->ring().empty());  // the refused frame is gone, not retried
  CHECK_EQ(s.server.seqs.size() + 1, s.device->stats().frames_taken);
}

TEST(a_401_keeps_frames_and_retries_slowly) {
  StripSim s;
  s.boot();
  s.run(12000);
  for (int i = 0; i < 100; i++) s.server.forced_status.push_back(401);
  size_t seen = s.server.bodies.size();
  s.run(10 * kMinute);
  CHECK(s.server.bodies.size() - seen <= 4);  // every 2.5-5 minutes, not every few seconds
  CHECK(s.device->ring().size() > 50);
}

TEST(a_glitch_reading_of_zero_changes_neither_the_total_nor_the_epoch) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  uint32_t before = s.device->energy(2).total_wh;
  s.bus.modules[2].glitch_wh = 0;
  s.bus.modules[2].glitch_reads = 1;
  s.run(kMinute);
  uint32_t added = s.device->energy(2).total_wh - before;
  CHECK(added <= 18);  // 1 kW for a minute is 16.7 Wh
  CHECK(added >= 15);
  CHECK_EQ(s.device->energy(2).epoch, 0);
  CHECK_EQ(s.device->energy_watch(2).refused, 1);
}

TEST(a_meter_reset_starts_a_new_epoch_in_the_frames_and_adds_no_drop) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  uint32_t before = s.device->energy(2).total_wh;
  s.module_wh[2] = 0;  // energy reset (0x42) or a new module
  s.run(kMinute);
  const EnergyState& e = s.device->energy(2);
  CHECK_EQ(e.epoch, 1);
  CHECK_EQ(e.resets, 1);
  CHECK(e.total_wh - before <= 18);  // never the whole old counter again
  CHECK(s.server.bodies.back().find(",\"epoch\":1,") != std::string::npos);  // only port 3 can say so
}

TEST(a_port_whose_meter_falls_silent_is_switched_off_after_the_hold) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  s.load_w[2] = 3450;  // 15 A on a 10 A port, and its meter stops answering
  s.bus.modules[2].present = false;
  uint32_t start = s.clock.now;
  while (s.pins.pin[2] && s.clock.now - start < 2 * kMinute) s.step(50);
  CHECK(!s.pins.pin[2]);
  CHECK(s.clock.now - start <= 15000);  // 3 missed rounds, then the 10 s hold
  CHECK_EQ(s.device->stats().trips_silent, 1);
  CHECK(s.pins.pin[0] && s.pins.pin[1] && s.pins.pin[3]);
}

TEST(a_critical_port_stays_on_when_its_meter_falls_silent) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.config.overload.critical_mask = 0x4;  // port 3: the fridge
  s.boot();
  s.run(kMinute);
  s.bus.modules[2].present = false;
  s.run(2 * kMinute);
  CHECK(s.pins.pin[2]);
  CHECK_EQ(s.device->stats().trips, 0);
}

TEST(a_remote_on_does_not_reclose_a_tripped_port_without_an_override_after_the_back_off) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  s.load_w[2] = 2990;  // the fault stays plugged in
  s.run(10000);
  CHECK(!s.pins.pin[2]);
  s.server.pending.push_back({"c_on", 3, true, s.server.now_epoch() + 30000});
  s.run(15000);
  CHECK(!s.pins.pin[2]);
  s.server.pending.push_back({"c_early", 3, true, s.server.now_epoch() + 30000, true});
  s.run(15000);
  CHECK(!s.pins.pin[2]);  // still within the back-off
  CHECK_EQ(s.server.refused.size(), 2);
  s.load_w[2] = 500;  // the fault is unplugged
  s.run(kMinute);
  s.server.pending.push_back({"c_override", 3, true, s.server.now_epoch() + 30000, true});
  s.run(5000);
  CHECK(s.pins.pin[2]);
  s.run(10000);  // the ack rides on the next upload, at most one interval later
  CHECK_EQ(s.server.acks.size(), 1);
  CHECK(s.server.acks.size() == 1 && s.server.acks[0] == "c_override");
}

TEST(a_reset_loop_does_not_cycle_the_relays) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  int before = s.pins.closes[0];
  for (int i = 0; i < 20; i++) {  // a crash 3.1 s after every boot, for a minute
    s.boot();
    s.run(3100);
  }
  CHECK(s.pins.closes[0] - before <= 2);
  CHECK(s.device->boot_loop());
  // Once a boot lasts, the next one restores normally again.
  s.run(2 * kMinute);
  s.boot();
  CHECK(!s.device->boot_loop());
}

TEST(the_overload_guard_runs_while_a_connect_blocks) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  s.server.connect_block_ms = 5000;  // every TCP+TLS connect hangs 5 s
  s.server.up = false;
  s.run(20000);
  s.load_w[2] = 2990;
  uint32_t start = s.clock.now;
  while (s.pins.pin[2] && s.clock.now - start < kMinute) s.step(50);
  CHECK(!s.pins.pin[2]);
  CHECK(s.pins.opened_at[2] - start <= 4000);  // hold 2 s + a meter round, not after the connect
}

struct FakeSystem : SystemInfo {
  uint32_t free_heap() override { return 18000; }
  int8_t rssi() override { return -70; }
  const char* reset_reason() override { return "Power On"; }
};

TEST(with_every_meter_silent_health_and_command_acks_still_reach_the_server) {
  StripSim s;
  FakeSystem sys;
  s.system = &sys;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.config.overload.critical_mask = 0x0F;  // keep the relays on: this is about the link
  for (int i = 0; i < 4; i++) s.bus.modules[i].present = false;
  s.boot();
  s.run(kMinute);
  s.server.pending.push_back({"c_off", 1, false, s.server.now_epoch() + 30000});
  s.run(2 * kMinute);
  CHECK(!s.pins.pin[0]);
  CHECK_EQ(s.server.acks.size(), 1);
  CHECK(s.server.acks.size() == 1 && s.server.acks[0] == "c_off");
  CHECK(!s.server.bodies.empty());
  const std::string& last = s.server.bodies.back();
  CHECK(last.find("\"health\":{\"fw\":\"1.0.0\",\"heap\":18000,\"rssi\":-70,\"reset\":\"Power On\"") != std::string::npos);
  CHECK(last.find("\"meters_online\":[]") != std::string::npos);
  CHECK(last.find("\"ports\":[]") != std::string::npos);
}

// TCP + TLS handshakes in a simulated day of normal running (a frame every
// 10 s, a command every hour). Printed for docs/benchmarks.md.
static int handshakes_per_day(bool old_policy) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.config.cancel_long_poll = old_policy;
  s.server.keep_alive = !old_policy;  // the old transport sent "Connection: close"
  s.boot();
  for (int h = 0; h < 24; h++) {
    s.server.pending.push_back({"c_h" + std::to_string(h), 1 + h % 4, h % 2 == 0, s.server.now_epoch() + 30000});
    s.run(kHour, 100);
  }
  CHECK(all_delivered_once(s) || s.device->ring().size() <= 2);
  CHECK_EQ(s.server.acks.size(), 24);
  printf("    handshakes in 24 h (%s): %d; uploads %d, long-polls answered %d\n",
         old_policy ? "cancel + Connection: close" : "one kept-alive connection", s.server.handshakes,
         s.server.posts, s.server.polls);
  return s.server.handshakes;
}

TEST(uploads_and_commands_share_one_connection_under_300_handshakes_a_day) {
  int now = handshakes_per_day(false);
  int before = handshakes_per_day(true);
  CHECK(now < 300);
  CHECK(before > 10000);
}

TEST(an_energy_reset_sent_to_a_module_becomes_a_new_epoch_not_a_loss_or_a_gain) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(kMinute);
  uint32_t before = s.device->energy(2).total_wh;
  CHECK(s.meter->reset_energy(2));
  s.run(kMinute);
  CHECK(s.meter->job_state() == PzemJobState::kDone);
  CHECK_EQ(s.bus.modules[2].energy_resets, 1);
  const EnergyState& e = s.device->energy(2);
  CHECK_EQ(e.epoch, 1);
  uint32_t added = e.total_wh - before;
  CHECK(added >= 13);  // 1 kW for a minute is 16.7 Wh, less the few seconds of confirmation
  CHECK(added <= 18);
}
