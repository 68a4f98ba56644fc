#include <string>

#include "command_parser.h"
#include "command_processor.h"
#include "fake_relays.h"
#include "fakes.h"
#include "harness.h"

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
