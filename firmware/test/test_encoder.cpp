#include <stdlib.h>

#include <string>

#include "fakes.h"
#include "frames.h"
#include "harness.h"
#include "json_encoder.h"

using namespace mp;

// Golden payloads: tests/contract/readings-*.json are exactly what the
// encoder emits (no trailing newline). The server's contract test posts them.
// Their ts values lie in [1764230400000, 1764230400000 + 3600000]; the server
// test shifts them to the last hour. UPDATE_GOLDEN=1 rewrites the files.
static const uint64_t kT0 = 1764230400000ull;

static bool matches_golden(const char* name, const char* body, size_t len) {
  std::string path = std::string(CONTRACT_DIR) + "/" + name;
  if (getenv("UPDATE_GOLDEN")) {
    FILE* f = fopen(path.c_str(), "wb");
    if (f) {
      fwrite(body, 1, len, f);
      fclose(f);
    }
  }
  std::string golden = read_file(path);
  if (golden != std::string(body, len)) {
    printf("    %s differs from the encoder output:\n    %.*s\n", path.c_str(), (int)len, body);
    return false;
  }
  return true;
}

static Frame strip_frame(uint64_t ts, uint32_t seq, uint32_t extra_wh) {
  Frame f = frame_at(ts, seq, 0x0F, 0x0D);  // port 2 switched off
  f.ports[0] = sample(2298, 512, 984, 84, 1234 + extra_wh);
  f.ports[1] = sample(2298, 0, 0, 0, 87);
  f.ports[2] = sample(2301, 4350, 9502, 95, 20456 + 3 * extra_wh);
  f.ports[3] = sample(2299, 105, 125, 52, 3);
  return f;
}

TEST(a_single_frame_encodes_to_the_golden_payload) {
  char buf[1024];
  size_t n = encode_frame(buf, sizeof buf, strip_frame(kT0, 41, 0), nullptr);
  CHECK(n > 0);
  CHECK_EQ(n, strlen(buf));
  CHECK(matches_golden("readings-single-frame.json", buf, n));
}

TEST(a_batch_encodes_to_the_golden_payload) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  for (uint32_t i = 0; i < 3; i++) ring.push(strip_frame(kT0 + 10000 * (i + 1), 42 + i, i));
  char buf[4096];
  uint16_t frames = 0;
  size_t n = encode_batch(buf, sizeof buf, ring, 10, FrameExtras{}, &frames);
  CHECK_EQ(frames, 3);
  CHECK(matches_golden("readings-batch.json", buf, n));
}

TEST(drops_acks_and_refusals_ride_on_the_first_frame_of_the_golden_batch) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  ring.push(strip_frame(kT0 + 600000, 120, 40));
  Frame second = strip_frame(kT0 + 610000, 121, 41);
  second.masks = static_cast<uint8_t>(second.masks & ~0x04);  // port 3's meter did not answer
  ring.push(second);
  IdList acks, refused;
  acks.add("c_7d41a2");
  acks.add("c_7d41a3");
  refused.add("c_19bb03");
  FrameExtras extras;
  extras.dropped = 17;
  extras.acks = &acks;
  extras.refused = &refused;
  char buf[4096];
  uint16_t frames = 0;
  size_t n = encode_batch(buf, sizeof buf, ring, 10, extras, &frames);
  CHECK_EQ(frames, 2);
  CHECK(matches_golden("readings-with-drops-and-acks.json", buf, n));
}

// Port 3's module was replaced between the first two frames: the epoch goes
// up, energy_wh does not move, and counting goes on in the new epoch. The
// server must take the first interval from power (950.2 W for 10 s), not from
// the counter; the contract test checks that.
TEST(a_counter_epoch_change_encodes_to_the_golden_payload) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  for (uint32_t i = 0; i < 3; i++) {
    Frame f = strip_frame(kT0 + 1200000 + 10000 * i, 130 + i, 50 + i);
    f.ports[2].energy_wh = i < 2 ? 20700 : 20703;
    f.epoch[2] = i == 0 ? 0 : 1;
    ring.push(f);
  }
  char buf[4096];
  uint16_t frames = 0;
  size_t n = encode_batch(buf, sizeof buf, ring, 10, FrameExtras{}, &frames);
  CHECK_EQ(frames, 3);
  CHECK(matches_golden("readings-epoch-change.json", buf, n));
}

// No meter answered: a heartbeat frame with no ports still carries the
// strip's health, relay acks and (through the server's answer) commands.
TEST(a_heartbeat_without_meters_encodes_to_the_golden_payload) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  ring.push(frame_at(kT0 + 1800000, 140, 0x00, 0x05));
  ring.push(frame_at(kT0 + 1860000, 141, 0x00, 0x04));
  IdList acks;
  acks.add("c_2c90f1");
  Health h;
  h.firmware = "1.0.0";
  h.has_system = true;
  h.free_heap = 21456;
  h.rssi = -67;
  h.reset_reason = "Software Watchdog";
  h.uptime_s = 1830;
  h.meters_online = 0;
  h.meter_errors = 5496;
  h.refused_readings = 1;
  FrameExtras extras;
  extras.acks = &acks;
  extras.health = &h;
  char buf[4096];
  uint16_t frames = 0;
  size_t n = encode_batch(buf, sizeof buf, ring, 10, extras, &frames);
  CHECK_EQ(frames, 2);
  CHECK(matches_golden("readings-heartbeat.json", buf, n));
}

// Addressing with one meter on the bus: port 3's new module answers (a new
// epoch from 0), the addressing command is acked with the address read back,
// and an energy reset for port 1, whose meter was unplugged, is refused.
TEST(meter_command_results_ride_on_the_first_frame_of_the_golden_batch) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  Frame f = frame_at(kT0 + 2400000, 150, 0x04, 0x04);
  f.ports[2] = sample(2301, 0, 0, 0, 20703);
  f.epoch[2] = 2;
  ring.push(f);
  IdList acks, refused;
  acks.add("c_adr3");
  refused.add("c_rst1");
  JobResultList results;
  results.add("c_adr3", ResultCode::kConfirmed, 3);
  results.add("c_rst1", ResultCode::kNoAnswer, 0);
  Health h;
  h.uptime_s = 2400;
  h.meters_online = 0x04;
  FrameExtras extras;
  extras.acks = &acks;
  extras.refused = &refused;
  extras.results = &results;
  extras.health = &h;
  char buf[4096];
  uint16_t frames = 0;
  size_t n = encode_batch(buf, sizeof buf, ring, 10, extras, &frames);
  CHECK_EQ(frames, 1);
  CHECK(matches_golden("readings-with-results.json", buf, n));
  CHECK(std::string(buf, n).find("\"refused\":[\"c_rst1\"],\"results\":[{\"id\":\"c_adr3\"") !=
        std::string::npos);
}

TEST(health_rides_on_the_first_frame_and_lists_the_meters_that_answer) {
  Frame f = strip_frame(kT0, 1, 0);
  Health h;
  h.uptime_s = 7;
  h.meters_online = 0x0B;
  FrameExtras extras;
  extras.health = &h;
  char buf[1024];
  encode_frame(buf, sizeof buf, f, &extras);
  CHECK(std::string(buf).find(",\"health\":{\"uptime_s\":7,\"meters_online\":[1,2,4],\"meter_errors\":0,"
                              "\"refused_readings\":0},\"ports\":[") != std::string::npos);
}

TEST(a_batch_stops_at_the_buffer_size_and_never_splits_a_frame) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  for (uint32_t i = 0; i < 8; i++) ring.push(strip_frame(kT0 + 10000 * i, i, i));
  char one[1024];
  size_t frame_len = encode_frame(one, sizeof one, ring.at(0), nullptr);
  char buf[1100];
  uint16_t frames = 0;
  size_t n = encode_batch(buf, 2 * frame_len + 4, ring, 8, FrameExtras{}, &frames);
  CHECK_EQ(frames, 2);
  CHECK_EQ(buf[n - 1], ']');
  CHECK_EQ(n, strlen(buf));
  CHECK_EQ(encode_batch(buf, frame_len, ring, 8, FrameExtras{}, &frames), 0);  // not even one fits
  CHECK_EQ(frames, 0);
}

TEST(frames_still_waiting_for_wall_time_are_not_sent) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  ring.push(strip_frame(kT0, 1, 0));
  Frame f = strip_frame(4000, 2, 0);
  f.flags = Frame::kUptime;
  ring.push(f);
  char buf[4096];
  uint16_t frames = 0;
  encode_batch(buf, sizeof buf, ring, 8, FrameExtras{}, &frames);
  CHECK_EQ(frames, 1);
}

TEST(ids_are_escaped_and_extremes_keep_their_fixed_decimals) {
  Frame f = frame_at(kT0, 4294967295u, 0x01, 0x00);
  f.ports[0] = sample(3000, 50000, 150000, 100, 4294967295u);
  f.epoch[0] = 255;
  IdList acks;
  acks.add("a\"b\\c");
  FrameExtras extras;
  extras.acks = &acks;
  char buf[512];
  size_t n = encode_frame(buf, sizeof buf, f, &extras);
  CHECK(n > 0);
  CHECK(std::string(buf) ==
        "{\"ts\":1764230400000,\"seq\":4294967295,\"acks\":[\"a\\\"b\\\\c\"],\"ports\":["
        "{\"port\":1,\"voltage\":300.0,\"current\":50.000,\"power\":15000.0,\"pf\":1.00,"
        "\"energy_wh\":4294967295,\"epoch\":255,\"relay\":false}]}");
}
