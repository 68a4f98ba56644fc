// A whole simulated strip: the real core (Device) over fake PZEM modules,
// relays, flash, RTC memory and server, driven by a fake clock.
#pragma once
#include <memory>

#include "device.h"
#include "fake_pzem_bus.h"
#include "fake_relays.h"
#include "fake_server.h"
#include "fakes.h"
#include "pzem.h"

constexpr int64_t kEpoch0 = 1764230400000ll;  // the fake server's time at millis() == 0

struct StripSim {
  FakeClock clock;
  FakePzemBus bus;
  FakeRelays pins;
  FakeStorage flash;
  FakeRtc rtc;
  FakeServer server{clock, kEpoch0};
  mp::DeviceConfig config;
  std::unique_ptr<mp::PzemMeter> meter;
  std::unique_ptr<mp::Device> device;
  double load_w[4] = {100, 0, 1000, 20};  // what is plugged in
  double module_wh[4] = {5000, 80, 20000, 0};
  int resets_seen[4] = {};

  mp::SystemInfo* system = nullptr;
  bool ticker = true;  // the sketch's timer calling safety_tick()

  explicit StripSim(uint32_t start_ms = 0) {
    clock.now = start_ms;
    bus.chunk = 25;
    pins.clock = &clock.now;
    server.blocked = [this](uint32_t ms) {
      for (uint32_t t = 0; t < ms; t += 50) {
        physics(50);
        if (ticker) device->safety_tick();
      }
    };
  }

  // Power up (or reboot): a fresh Device over the same hardware and flash.
  uint32_t taken_before = 0;  // frames taken by earlier boots

  uint32_t frames_taken() const { return taken_before + (device ? device->stats().frames_taken : 0); }

  void boot(bool ntp = true) {
    taken_before = frames_taken();
    device.reset();
    meter.reset(new mp::PzemMeter(bus, mp::PzemConfig{}));
    mp::DeviceIo io{clock, *meter, pins, server, flash, rtc, 12345, system};
    device.reset(new mp::Device(io, config));
    device->begin();
    device->set_network_up(true);
    if (ntp) device->set_wall_time(kEpoch0 + clock.now);
    for (int i = 0; i < 4; i++) pins.pin[i] = false;
  }

  void step(uint32_t dt) {
    physics(dt);
    device->loop();
  }

  void physics(uint32_t dt) {
    clock.now += dt;
    for (int i = 0; i < 4; i++) {
      double w = pins.pin[i] ? load_w[i] : 0.0;
      module_wh[i] += w * dt / 3600000.0;
      FakePzemModule& m = bus.modules[i];
      if (m.energy_resets != resets_seen[i]) {  // the module obeyed an energy reset
        resets_seen[i] = m.energy_resets;
        module_wh[i] = 0;
      }
      m.power_dw = static_cast<uint32_t>(w * 10);
      m.current_ma = static_cast<uint32_t>(w / 230.0 * 1000);
      m.energy_wh = static_cast<uint32_t>(module_wh[i]);
      m.pf_centi = w > 0 ? 95 : 0;
    }
  }

  void run(uint32_t ms, uint32_t dt = 50) {
    for (uint32_t t = 0; t < ms; t += dt) step(dt);
  }
};
