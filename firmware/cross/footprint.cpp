// Allocates the core exactly as the sketch does (one static Device and its
// PZEM front end), so `make cross` can report the RAM the core really takes.
// The seams are empty stand-ins; on the device they are multiplug/*.cpp.
#include "device.h"
#include "pzem.h"

namespace {

struct NullClock : mp::Clock {
  uint32_t millis() override { return 0; }
};
struct NullBus : mp::MeterBus {
  void write(const uint8_t*, size_t) override {}
  size_t read(uint8_t*, size_t) override { return 0; }
  void discard_input() override {}
};
struct NullRelays : mp::RelayDriver {
  void set(uint8_t, bool) override {}
};
struct NullNet : mp::Transport {
  bool begin(const char*, const char*, const char*, size_t, char*, size_t) override { return false; }
  mp::HttpPoll poll(mp::HttpAnswer&) override { return mp::HttpPoll::kDone; }
  void cancel() override {}
};
struct NullStorage : mp::Storage {
  bool write_begin(const char*) override { return false; }
  bool write(const void*, size_t) override { return false; }
  bool write_commit() override { return false; }
  int32_t read(const char*, uint32_t, void*, size_t) override { return -1; }
};
struct NullRtc : mp::RtcMemory {
  bool read(void*, size_t) override { return false; }
  bool write(const void*, size_t) override { return false; }
};

NullClock clock_;
NullBus bus_;
NullRelays relays_;
NullNet net_;
NullStorage storage_;
NullRtc rtc_;
mp::PzemMeter meter_(bus_, mp::PzemConfig{});
mp::Device device_(mp::DeviceIo{clock_, meter_, relays_, net_, storage_, rtc_, 1}, mp::DeviceConfig{});

}  // namespace

void footprint_run() {
  device_.begin();
  device_.set_network_up(true);
  device_.set_wall_time(1764230400000ll);
  device_.on_button(mp::ButtonEvent::kShort);
  for (;;) device_.loop();
}
