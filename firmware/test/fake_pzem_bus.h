// A fake UART with four simulated PZEM-004T modules behind it. It answers the
// real Modbus requests with real frames, so the tests exercise the parser.
#pragma once
#include <string.h>

#include "crc.h"
#include "meter.h"

struct FakePzemModule {
  bool present = true;
  bool corrupt_next = false;  // flip a bit in the next answer
  uint16_t voltage_dv = 2300;
  uint32_t current_ma = 0;
  uint32_t power_dw = 0;
  uint32_t energy_wh = 0;
  uint16_t frequency_dhz = 500;
  uint16_t pf_centi = 100;
  int glitch_reads = 0;       // the next n answers carry glitch_wh as the energy counter
  uint32_t glitch_wh = 0;
};

class FakePzemBus : public mp::MeterBus {
 public:
  FakePzemModule modules[4];
  int requests = 0;
  size_t chunk = 7;  // bytes per read() call

  void write(const uint8_t* data, size_t len) override {
    requests++;
    rx_len_ = 0;
    rx_pos_ = 0;
    if (len != 8 || data[1] != 0x04) return;
    uint8_t addr = data[0];
    if (addr < 1 || addr > 4 || !modules[addr - 1].present) return;
    FakePzemModule& m = modules[addr - 1];
    uint32_t energy = m.energy_wh;
    if (m.glitch_reads > 0) {
      m.glitch_reads--;
      energy = m.glitch_wh;
    }
    uint16_t regs[10] = {m.voltage_dv,
                         lo(m.current_ma), hi(m.current_ma),
                         lo(m.power_dw), hi(m.power_dw),
                         lo(energy), hi(energy),
                         m.frequency_dhz, m.pf_centi, 0};
    uint8_t* p = rx_;
    *p++ = addr;
    *p++ = 0x04;
    *p++ = 20;
    for (uint16_t r : regs) {
      *p++ = static_cast<uint8_t>(r >> 8);
      *p++ = static_cast<uint8_t>(r & 0xFF);
    }
    uint16_t crc = mp::crc16_modbus(rx_, 23);
    *p++ = static_cast<uint8_t>(crc & 0xFF);
    *p++ = static_cast<uint8_t>(crc >> 8);
    if (m.corrupt_next) {
      rx_[10] ^= 0x01;
      m.corrupt_next = false;
    }
    rx_len_ = 25;
    rx_pos_ = 0;
  }

  size_t read(uint8_t* out, size_t max) override {
    // Deliver a few bytes per call, as a UART would between loop passes.
    size_t n = rx_len_ - rx_pos_;
    if (n > chunk) n = chunk;
    if (n > max) n = max;
    memcpy(out, rx_ + rx_pos_, n);
    rx_pos_ += n;
    return n;
  }

  void discard_input() override { rx_pos_ = rx_len_; }

 private:
  static uint16_t lo(uint32_t v) { return static_cast<uint16_t>(v & 0xFFFF); }
  static uint16_t hi(uint32_t v) { return static_cast<uint16_t>(v >> 16); }
  uint8_t rx_[25] = {};
  size_t rx_len_ = 0;
  size_t rx_pos_ = 0;
};
