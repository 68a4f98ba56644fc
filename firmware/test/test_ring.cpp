#include "crc.h"
#include "fakes.h"
#include "frames.h"
#include "harness.h"
#include "ring_buffer.h"
#include "ring_snapshot.h"

using namespace mp;

static const uint64_t kT0 = 1764230400000ull;

TEST(the_ring_is_first_in_first_out) {
  Frame slots[4];
  FrameRing ring(slots, 4);
  for (uint32_t i = 0; i < 3; i++) ring.push(frame_at(kT0 + i * 10000, i));
  CHECK_EQ(ring.size(), 3);
  CHECK_EQ(ring.at(0).seq, 0);
  ring.pop(2);
  CHECK_EQ(ring.size(), 1);
  CHECK_EQ(ring.at(0).seq, 2);
  CHECK_EQ(ring.dropped(), 0);
}

TEST(a_full_ring_drops_the_oldest_frame_and_counts_it) {
  Frame slots[4];
  FrameRing ring(slots, 4);
  for (uint32_t i = 0; i < 7; i++) ring.push(frame_at(kT0 + i * 10000, i));
  CHECK_EQ(ring.size(), 4);
  CHECK_EQ(ring.at(0).seq, 3);  // 0, 1, 2 went
  CHECK_EQ(ring.at(3).seq, 6);
  CHECK_EQ(ring.dropped(), 3);
  ring.acknowledge_dropped(2);  // an upload reported two of them...
  CHECK_EQ(ring.dropped(), 1);  // ...and one was dropped since
}

TEST(frames_taken_before_wall_time_are_stamped_once_it_is_known) {
  Frame slots[8];
  FrameRing ring(slots, 8);
  Frame f = frame_at(5000, 0);  // uptime 5 s
  f.flags = Frame::kUptime;
  ring.push(f);
  f.set_time_ms(15000);
  f.seq = 1;
  ring.push(f);
  CHECK_EQ(ring.stamped_prefix(), 0);
  WallClock wall;
  wall.set(static_cast<int64_t>(kT0), 20000);  // at uptime 20 s it is kT0
  ring.stamp(wall);
  CHECK_EQ(ring.stamped_prefix(), 2);
  CHECK_EQ(ring.at(0).time_ms(), kT0 - 15000);
  CHECK_EQ(ring.at(1).time_ms(), kT0 - 5000);
}

TEST(uptime_extends_millis_past_the_wrap_and_timers_survive_it) {
  Uptime up;
  CHECK_EQ(up.extend(0xFFFFFF00u), 0xFFFFFF00ull);
  CHECK_EQ(up.extend(0x00000100u), 0x100000100ull);
  CHECK(timer_due(0x00000010u, 0xFFFFFFF0u, 0x20));
  CHECK(!timer_due(0x00000010u, 0xFFFFFFF0u, 0x21));
  CHECK_EQ(elapsed_ms(5, 0xFFFFFFFBu), 10);
}

TEST(a_snapshot_restores_unsent_frames_after_a_reboot) {
  FakeStorage flash;
  Frame slots[8];
  FrameRing ring(slots, 8);
  RingSnapshot snap(ring, flash, SnapshotConfig{});
  for (uint32_t i = 0; i < 10; i++) ring.push(frame_at(kT0 + i * 10000, i));  // two dropped
  Frame late = frame_at(3000, 10);  // taken after a reboot, before NTP
  late.flags = Frame::kUptime;
  ring.push(late);
  snap.maybe_save(0);
  CHECK_EQ(snap.writes(), 1);

  Frame slots2[8];
  FrameRing after(slots2, 8);
  RingSnapshot snap2(after, flash, SnapshotConfig{});
  CHECK(snap2.restore());
  CHECK_EQ(after.size(), 7);         // the uptime-only frame cannot be placed in time
  CHECK_EQ(after.dropped(), 3 + 1);  // 3 overflowed + the unplaceable one
  CHECK_EQ(after.at(0).seq, 3);
  CHECK_EQ(after.at(6).time_ms(), kT0 + 90000);
}

TEST(snapshots_are_rate_limited_and_skip_unchanged_or_empty_rings) {
  FakeStorage flash;
  Frame slots[8];
  FrameRing ring(slots, 8);
  SnapshotConfig config;
  RingSnapshot snap(ring, flash, config);
  snap.maybe_save(0);  // empty ring, first time: written (clears an old file)
  snap.maybe_save(config.interval_ms * 2);
  CHECK_EQ(snap.writes(), 1);
  uint32_t now = config.interval_ms * 2;
  for (int i = 0; i < 100; i++, now += 10000) {
    ring.push(frame_at(kT0 + now, static_cast<uint32_t>(i)));
    snap.maybe_save(now);
  }
  CHECK(snap.writes() <= 1 + 1 + 100 * 10000 / config.interval_ms);
  snap.maybe_save(now + 1, true);  // forced before a planned restart
  CHECK_EQ(flash.files["/frames.bin"].size(), 16 + 8 * sizeof(Frame) + 4);
}

TEST(a_torn_or_corrupt_snapshot_is_discarded) {
  FakeStorage flash;
  Frame slots[8];
  FrameRing ring(slots, 8);
  RingSnapshot snap(ring, flash, SnapshotConfig{});
  ring.push(frame_at(kT0, 1));
  snap.maybe_save(0);
  flash.files["/frames.bin"][20] ^= 1;
  Frame slots2[8];
  FrameRing after(slots2, 8);
  RingSnapshot snap2(after, flash, SnapshotConfig{});
  CHECK(!snap2.restore());
  CHECK(after.empty());
  flash.files["/frames.bin"].resize(10);
  CHECK(!snap2.restore());
}

// A snapshot written by the firmware before per-port epochs (60-byte frames)
// is still read after the update, its frames with epoch 0.
TEST(a_snapshot_of_frames_without_epochs_survives_the_update) {
  FakeStorage flash;
  std::vector<uint8_t> file;
  auto put = [&file](const void* p, size_t n) {
    const uint8_t* b = static_cast<const uint8_t*>(p);
    file.insert(file.end(), b, b + n);
  };
  struct { uint32_t magic; uint16_t version, frame_size, count, pad; uint32_t dropped; } h{
      0x4D504652, 1, 60, 2, 0, 3};
  put(&h, sizeof h);
  for (uint32_t i = 0; i < 2; i++) {
    Frame f = frame_at(1764230400000ull + 10000 * i, 7 + i, 0x01, 0x01);
    f.ports[0] = sample(2300, 100, 230, 90, 5000 + i);
    put(&f, 12);  // seq, time, flags, masks: the old header
    put(f.ports, sizeof f.ports);
  }
  uint32_t crc = crc32(file.data(), file.size());
  put(&crc, sizeof crc);
  flash.files["/frames.bin"] = file;

  Frame slots[8];
  FrameRing ring(slots, 8);
  RingSnapshot snap(ring, flash, SnapshotConfig{});
  CHECK(snap.restore());
  CHECK_EQ(ring.size(), 2);
  CHECK_EQ(ring.at(1).seq, 8);
  CHECK_EQ(ring.at(1).ports[0].energy_wh, 5001);
  CHECK_EQ(ring.at(1).epoch[0], 0);
  CHECK(ring.at(1).has(0) && ring.at(1).relay(0));
  CHECK_EQ(ring.dropped(), 3);
}
