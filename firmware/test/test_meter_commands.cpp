// Meter commands end to end on the simulated strip: the server's answer
// carries them, the core runs the meter job, and the outcome comes back on
// the next upload, soon enough to beat the command's 30 s expiry.
#include <stdio.h>

#include <string>

#include "harness.h"
#include "strip_sim.h"

using namespace mp;

static const uint32_t kMinute = 60000;

static std::string last_results(const StripSim& s) {
  for (auto it = s.server.bodies.rbegin(); it != s.server.bodies.rend(); ++it) {
    size_t p = it->find("\"results\":[");
    if (p != std::string::npos) return it->substr(p, it->find(']', p) - p + 1);
  }
  return "";
}

static void send(StripSim& s, const char* id, const char* action, int port) {
  FakeCommand c{id, port, false, s.server.now_epoch() + 30000};
  c.action = action;
  s.server.pending.push_back(c);
}

// The maker's procedure: one meter on the bus at a time (the others unplugged).
TEST(the_server_assigns_an_address_and_hears_it_confirmed_before_the_command_expires) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  for (int i = 1; i < 4; i++) s.bus.modules[i].present = false;  // only the new meter, at address 1
  s.boot();
  s.run(kMinute);
  int64_t sent_at = s.server.now_epoch();
  send(s, "c_adr3", "assign_address", 3);
  s.run(kMinute);
  CHECK_EQ(s.bus.modules[0].address, 3);
  CHECK_EQ(s.server.acks.size(), 1);
  CHECK(s.server.acks[0] == "c_adr3");
  CHECK(s.server.reported_at.count("c_adr3"));
  CHECK(s.server.reported_at["c_adr3"] - sent_at < 30000);
  printf("    addressing: command queued -> outcome on the server in %lld ms (simulated)\n",
         static_cast<long long>(s.server.reported_at["c_adr3"] - sent_at));
  CHECK(last_results(s) == "\"results\":[{\"id\":\"c_adr3\",\"outcome\":\"confirmed\",\"read_back\":3}]");
  CHECK(s.meter->port(2).online);
  CHECK(!s.meter->port(0).online);
}

TEST(an_address_no_meter_answers_for_is_refused_with_no_answer_even_with_every_meter_silent) {
  StripSim s;
  for (int i = 0; i < 4; i++) s.bus.modules[i].present = false;  // nothing plugged in
  s.boot();
  s.run(kMinute);
  int64_t sent_at = s.server.now_epoch();
  send(s, "c_adr2", "assign_address", 2);
  s.run(20000);
  CHECK_EQ(s.server.refused.size(), 1);
  CHECK(s.server.reported_at["c_adr2"] - sent_at < 30000);  // no waiting for the 60 s heartbeat
  printf("    addressing, no meter: command queued -> refusal on the server in %lld ms (simulated)\n",
         static_cast<long long>(s.server.reported_at["c_adr2"] - sent_at));
  CHECK(last_results(s) == "\"results\":[{\"id\":\"c_adr2\",\"outcome\":\"no_answer\"}]");
  CHECK(s.server.acks.empty());
}

TEST(a_wrong_read_back_reaches_the_server_with_the_address_read) {
  StripSim s;
  for (int i = 1; i < 4; i++) s.bus.modules[i].present = false;
  s.bus.modules[0].reported_address = 2;
  s.boot();
  s.run(kMinute);
  send(s, "c_adr4", "assign_address", 4);
  s.run(20000);
  CHECK_EQ(s.server.refused.size(), 1);
  CHECK(last_results(s) == "\"results\":[{\"id\":\"c_adr4\",\"outcome\":\"wrong_address\",\"read_back\":2}]");
}

// A reset mid-run: the module's counter drops from ~20 kWh to 0, the port's
// epoch goes up at once, energy_wh neither falls nor jumps, and every frame's
// step stays within what the load drew over its interval.
TEST(an_energy_reset_command_starts_a_new_epoch_and_loses_or_adds_nothing) {
  StripSim s;
  s.config.relay.policy = RestorePolicy::kAllOn;
  s.boot();
  s.run(5 * kMinute);
  uint32_t before = s.device->energy(2).total_wh;
  uint8_t epoch = s.device->energy(2).epoch;
  send(s, "c_rst3", "reset_energy", 3);
  s.run(5 * kMinute);
  CHECK_EQ(s.bus.modules[2].energy_resets, 1);
  CHECK(s.bus.modules[2].energy_wh < 100);
  CHECK_EQ(s.device->energy(2).epoch, epoch + 1);
  CHECK(s.server.acks.size() == 1 && s.server.acks[0] == "c_rst3");
  CHECK(last_results(s) == "\"results\":[{\"id\":\"c_rst3\",\"outcome\":\"confirmed\"}]");
  // 1 kW for 5 minutes is 83.3 Wh; what the module counted between the last
  // reading and the reset (under a second) is left to the server's power rule.
  uint32_t added = s.device->energy(2).total_wh - before;
  CHECK(added >= 82);
  CHECK(added <= 84);
  CHECK_EQ(s.device->energy_watch(2).refused, 0);  // no reading was taken for a glitch
  // Every uploaded frame of port 3: energy_wh never falls, never steps past 1 kW's worth.
  long long last_wh = -1, last_ts = -1;
  int epochs_seen = 0, last_epoch = -1;
  for (const std::string& body : s.server.bodies) {
    for (size_t p = body.find("{\"ts\":"); p != std::string::npos; p = body.find("{\"ts\":", p + 1)) {
      long long ts = atoll(body.c_str() + p + 6);
      size_t next = body.find("{\"ts\":", p + 1);
      size_t q = body.find("{\"port\":3,", p);
      if (q == std::string::npos || q > next) continue;
      long long wh = atoll(body.c_str() + body.find("\"energy_wh\":", q) + 12);
      int ep = atoi(body.c_str() + body.find("\"epoch\":", q) + 8);
      if (last_wh >= 0) {
        CHECK(wh >= last_wh);
        CHECK(wh - last_wh <= (ts - last_ts) * 1000 / 3600000 + 2);
      }
      if (ep != last_epoch) epochs_seen++;
      last_wh = wh, last_ts = ts, last_epoch = ep;
    }
  }
  CHECK_EQ(epochs_seen, 2);
}

TEST(a_meter_command_while_another_runs_is_refused_as_busy) {
  StripSim s;
  s.boot();
  s.run(kMinute);
  send(s, "c_rst1", "reset_energy", 1);
  send(s, "c_rst2", "reset_energy", 2);
  s.run(20000);
  CHECK(s.server.acks.size() == 1 && s.server.acks[0] == "c_rst1");
  CHECK(s.server.refused.size() == 1 && s.server.refused[0] == "c_rst2");
  CHECK_EQ(s.bus.modules[1].energy_resets, 0);
  std::string all;
  for (const std::string& b : s.server.bodies) all += b;
  CHECK(all.find("{\"id\":\"c_rst2\",\"outcome\":\"busy\"}") != std::string::npos);
}
