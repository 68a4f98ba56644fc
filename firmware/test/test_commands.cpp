#include <string>

#include "command_parser.h"
#include "command_processor.h"
#include "fake_pzem_bus.h"
#include "fake_relays.h"
#include "fakes.h"
#include "harness.h"
#include "pzem.h"

using namespace mp;

static ParseStatus parse_file(const char* name, CommandBatch& out) {
  std::string body = read_file(std::string(CONTRACT_DIR) + "/" + name);
  CHECK(!body.empty());
  return parse_commands(body.data(), body.size(), out);
}

TEST(the_readings_answer_yields_its_commands_and_server_time) {
  CommandBatch b;
  CHECK(parse_file("response-readings.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 2);
  CHECK(std::string(b.items[0].id) == "c_9f2a71");
  CHECK_EQ(b.items[0].port, 2);
  CHECK(!b.items[0].on);
  CHECK_EQ(b.items[0].expires, 1764230430000ll);
  CHECK(std::string(b.items[1].id) == "c_9f2a72");
  CHECK(b.items[1].on);
  CHECK(b.has_server_time);
  CHECK_EQ(b.server_time, 1764230400123ll);
}

TEST(long_poll_answers_parse_with_and_without_commands) {
  CommandBatch b;
  CHECK(parse_file("response-longpoll.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 1);
  CHECK_EQ(b.items[0].port, 1);
  CHECK(parse_file("response-longpoll-empty.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 0);
  CHECK_EQ(b.server_time, 1764230425000ll);
}

TEST(whitespace_key_order_and_unknown_keys_do_not_matter) {
  CommandBatch b;
  CHECK(parse_file("response-reordered.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 2);
  CHECK(std::string(b.items[0].id) == "c_a1");
  CHECK_EQ(b.items[0].port, 3);
  CHECK(b.items[0].on);
  CHECK(std::string(b.items[1].id) == "c_a2");
  CHECK_EQ(b.items[1].expires, 1764230431000ll);
  CHECK_EQ(b.server_time, 1764230400123ll);
}

TEST(truncated_input_keeps_only_the_commands_read_completely) {
  CommandBatch b;
  CHECK(parse_file("response-truncated.json", b) == ParseStatus::kTruncated);
  CHECK_EQ(b.count, 1);
  CHECK(std::string(b.items[0].id) == "c_t1");
}

TEST(every_prefix_of_an_answer_parses_without_reading_past_its_end) {
  std::string body = read_file(std::string(CONTRACT_DIR) + "/response-reordered.json");
  for (size_t n = 0; n < body.size(); n++) {
    // A heap copy of exactly n bytes: AddressSanitizer catches any overread.
    char* copy = new char[n ? n : 1];
    memcpy(copy, body.data(), n);
    CommandBatch b;
    ParseStatus s = parse_commands(copy, n, b);
    CHECK(s != ParseStatus::kOk || n + 1 >= body.size());
    CHECK(b.count <= 2);
    delete[] copy;
  }
}

TEST(commands_with_a_bad_port_type_or_missing_field_are_not_used) {
  CommandBatch b;
  CHECK(parse_file("response-invalid-commands.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 1);
  CHECK(std::string(b.items[0].id) == "c_ok");
  CHECK_EQ(b.invalid, 4);
}

TEST(an_error_body_or_garbage_yields_no_commands) {
  CommandBatch b;
  CHECK(parse_file("response-error.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 0);
  const char* junk[] = {"", "null", "[1,2]", "{\"commands\":{}}", "{\"commands\":[1,\"x\"]}", "{,}", "<html>"};
  for (const char* j : junk) {
    CHECK(parse_commands(j, strlen(j), b) != ParseStatus::kOk || b.count == 0);
    CHECK_EQ(b.count, 0);
  }
  std::string deep(200, '[');
  CHECK(parse_commands(("{\"x\":" + deep).c_str(), deep.size() + 5, b) != ParseStatus::kOk);
}

static CommandBatch one(const char* id, uint8_t port, bool on, int64_t expires) {
  CommandBatch b;
  b.count = 1;
  strcpy(b.items[0].id, id);
  b.items[0].port = port;
  b.items[0].on = on;
  b.items[0].override_trip = false;
  b.items[0].expires = expires;
  return b;
}

TEST(an_expired_command_is_refused_and_never_applied) {
  FakeRelays pins;
  RelayController relays(pins, RelayConfig{});
  relays.begin(0, 0, 0);
  CommandProcessor p;
  p.handle(one("c_old", 2, true, 1000), 1000, relays, 0);  // expiry == now counts as expired
  CHECK_EQ(relays.desired_mask(), 0);
  CHECK_EQ(p.refused.count, 1);
  CHECK(std::string(p.refused.ids[0]) == "c_old");
  CHECK_EQ(p.acks.count, 0);
  p.handle(one("c_noclock", 2, true, 5000), -1, relays, 0);  // no clock: cannot prove it is fresh
  CHECK_EQ(relays.desired_mask(), 0);
  CHECK_EQ(p.refused.count, 2);
}

TEST(a_command_is_applied_once_and_a_repeat_after_its_ack_is_refused) {
  FakeRelays pins;
  RelayController relays(pins, RelayConfig{});
  relays.begin(0, 0, 0);
  CommandProcessor p;
  CommandBatch b = one("c_1", 3, true, 10000);
  p.handle(b, 5000, relays, 0);
  CHECK_EQ(relays.desired_mask(), 0x4);
  CHECK_EQ(p.acks.count, 1);
  p.handle(b, 5100, relays, 0);  // same id again before our ack went out: the ack answers it
  CHECK_EQ(p.refused.count, 0);
  p.acks.remove_first(1);     // the ack reached the server
  relays.request(2, false, 0);
  p.handle(b, 5200, relays, 0);  // and again: refused, not re-applied
  CHECK_EQ(p.refused.count, 1);
  CHECK_EQ(relays.desired_mask(), 0);
  CHECK_EQ(p.applied_total, 1);
}

TEST(meter_commands_parse_beside_a_switch_and_an_unknown_action_is_kept_to_be_refused) {
  CommandBatch b;
  CHECK(parse_file("response-meter-commands.json", b) == ParseStatus::kOk);
  CHECK_EQ(b.count, 4);
  CHECK_EQ(b.invalid, 0);
  CHECK(b.items[0].action == CommandAction::kSwitch);
  CHECK(b.items[0].on);
  CHECK(b.items[1].action == CommandAction::kAssignAddress);
  CHECK(std::string(b.items[1].id) == "c_adr3");
  CHECK_EQ(b.items[1].port, 3);
  CHECK(b.items[2].action == CommandAction::kResetEnergy);
  CHECK_EQ(b.items[2].port, 2);
  CHECK_EQ(b.items[2].expires, 1764230430000ll);
  CHECK(b.items[3].action == CommandAction::kUnknown);
  CHECK(std::string(b.items[3].id) == "c_new1");
}

// Firmware from before actions requires "on" of every command, so the server
// never puts "on" on a meter command; one that has it is not ours either way.
TEST(a_meter_command_with_on_or_without_a_valid_port_is_not_used) {
  const char* bodies[] = {
      "{\"commands\":[{\"id\":\"c_1\",\"action\":\"reset_energy\",\"port\":2,\"on\":false,\"expires\":9}]}",
      "{\"commands\":[{\"id\":\"c_2\",\"action\":\"assign_address\",\"port\":5,\"expires\":9}]}",
      "{\"commands\":[{\"id\":\"c_3\",\"action\":\"assign_address\",\"expires\":9}]}",
      "{\"commands\":[{\"id\":\"c_4\",\"action\":7,\"port\":1,\"expires\":9}]}",
      "{\"commands\":[{\"id\":\"c_5\",\"action\":\"reset_energy\",\"port\":1}]}",
  };
  for (const char* body : bodies) {
    CommandBatch b;
    CHECK(parse_commands(body, strlen(body), b) == ParseStatus::kOk);
    CHECK_EQ(b.count, 0);
    CHECK_EQ(b.invalid, 1);
  }
}

static CommandBatch meter_command(const char* id, CommandAction action, uint8_t port, int64_t expires) {
  CommandBatch b = one(id, port, false, expires);
  b.items[0].action = action;
  return b;
}

struct OneModuleBus {
  FakePzemBus bus;
  PzemMeter meter{bus, PzemConfig{}};
  FakeRelays pins;
  RelayController relays{pins, RelayConfig{}};
  uint32_t now = 1000;
  explicit OneModuleBus(bool present = true) {
    for (int i = 1; i < 4; i++) bus.modules[i].present = false;
    bus.modules[0].present = present;
    relays.begin(0, 0, 0);
  }
  void run(uint32_t ms) {
    for (uint32_t end = now + ms; now < end; now += 5) meter.poll(now);
  }
};

TEST(an_addressing_command_is_acked_only_once_the_address_is_read_back) {
  OneModuleBus s;
  CommandProcessor p;
  CommandBatch b = meter_command("c_adr3", CommandAction::kAssignAddress, 3, 10000);
  p.handle(b, 5000, s.relays, 0, &s.meter);
  CHECK(p.job_running());
  CHECK_EQ(p.acks.count + p.refused.count, 0);  // nothing to say until the meter has answered
  p.handle(b, 5100, s.relays, 0, &s.meter);     // delivered again while it runs: not refused
  CHECK_EQ(p.refused.count, 0);
  s.run(3000);
  p.job_finished(s.meter.job_status());
  CHECK(!p.job_running());
  CHECK_EQ(p.acks.count, 1);
  CHECK(std::string(p.acks.ids[0]) == "c_adr3");
  CHECK_EQ(p.results.count, 1);
  CHECK(p.results.items[0].code == ResultCode::kConfirmed);
  CHECK_EQ(p.results.items[0].read_back, 3);
  CHECK_EQ(s.bus.modules[0].address, 3);
  CHECK_EQ(s.relays.desired_mask(), 0);  // a meter command never moves a relay
}

TEST(an_addressing_command_nobody_answers_is_refused_with_the_reason) {
  OneModuleBus s(false);
  CommandProcessor p;
  p.handle(meter_command("c_adr2", CommandAction::kAssignAddress, 2, 10000), 5000, s.relays, 0, &s.meter);
  s.run(3000);
  p.job_finished(s.meter.job_status());
  CHECK_EQ(p.acks.count, 0);
  CHECK_EQ(p.refused.count, 1);
  CHECK(p.results.items[0].code == ResultCode::kNoAnswer);
  CHECK(std::string(result_name(p.results.items[0].code)) == "no_answer");
}

TEST(a_wrong_read_back_is_refused_with_the_address_the_meter_gave) {
  OneModuleBus s;
  s.bus.modules[0].reported_address = 9;
  CommandProcessor p;
  p.handle(meter_command("c_adr4", CommandAction::kAssignAddress, 4, 10000), 5000, s.relays, 0, &s.meter);
  s.run(3000);
  p.job_finished(s.meter.job_status());
  CHECK_EQ(p.refused.count, 1);
  CHECK(p.results.items[0].code == ResultCode::kWrongAddress);
  CHECK_EQ(p.results.items[0].read_back, 9);
}

TEST(a_second_meter_job_an_expired_one_and_an_unknown_action_are_refused_not_started) {
  OneModuleBus s;
  CommandProcessor p;
  CommandBatch b;
  b.count = 4;
  b.items[0] = meter_command("c_rst1", CommandAction::kResetEnergy, 1, 10000).items[0];
  b.items[1] = meter_command("c_rst2", CommandAction::kResetEnergy, 1, 10000).items[0];
  b.items[2] = meter_command("c_late", CommandAction::kAssignAddress, 2, 4000).items[0];
  b.items[3] = meter_command("c_what", CommandAction::kUnknown, 0, 10000).items[0];
  s.bus.modules[0].energy_wh = 500;
  p.handle(b, 5000, s.relays, 0, &s.meter);
  CHECK(p.job_running());
  CHECK_EQ(p.refused.count, 3);
  CHECK(std::string(p.refused.ids[0]) == "c_rst2");
  CHECK(p.results.items[0].code == ResultCode::kBusy);
  CHECK(std::string(p.refused.ids[1]) == "c_late");  // expired: refused, never started
  CHECK(p.results.items[1].code == ResultCode::kUnsupported);
  CHECK(std::string(p.results.items[1].id) == "c_what");
  s.run(3000);
  p.job_finished(s.meter.job_status());
  CHECK_EQ(s.bus.modules[0].energy_resets, 1);
  CHECK_EQ(s.bus.modules[0].address, 0);  // the late addressing never ran
  CHECK(std::string(p.acks.ids[0]) == "c_rst1");
}

TEST(a_switch_and_a_meter_command_for_the_same_port_both_apply) {
  OneModuleBus s;
  CommandProcessor p;
  CommandBatch b;
  b.count = 2;
  b.items[0] = one("c_on1", 1, true, 10000).items[0];
  b.items[1] = meter_command("c_rst1", CommandAction::kResetEnergy, 1, 10000).items[0];
  p.handle(b, 5000, s.relays, 0, &s.meter);
  CHECK_EQ(s.relays.desired_mask(), 0x1);
  CHECK_EQ(p.acks.count, 1);
  CHECK(p.job_running());
}

TEST(a_meter_without_maintenance_refuses_meter_commands_as_unsupported) {
  FakeRelays pins;
  RelayController relays(pins, RelayConfig{});
  relays.begin(0, 0, 0);
  CommandProcessor p;
  p.handle(meter_command("c_rst1", CommandAction::kResetEnergy, 1, 10000), 5000, relays, 0, nullptr);
  CHECK_EQ(p.refused.count, 1);
  CHECK(p.results.items[0].code == ResultCode::kUnsupported);
  CHECK(!p.job_running());
}
