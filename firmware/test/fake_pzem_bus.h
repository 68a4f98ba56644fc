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
  uint8_t address = 0;        // 0: the default, its index + 1
  uint8_t reported_address = 0;  // a faulty module: reads back this instead of its address
  bool garble_next = false;   // the next maintenance answer arrives with a broken CRC
  int energy_resets = 0;      // 0x42 requests obeyed
  int glitch_reads = 0;       // the next n answers carry glitch_wh as the energy counter
  uint32_t glitch_wh = 0;
};

class FakePzemBus : public mp::MeterBus {
 public:
  FakePzemModule modules[4];
  int requests = 0;
  size_t chunk = 7;  // bytes per read() call

  // The module that answers `addr`: by its address, or on the general
  // address 0xF8 the only one present (with more, their answers collide).
  FakePzemModule* find(uint8_t addr) {
    FakePzemModule* hit = nullptr;
    int present = 0;
    for (int i = 0; i < 4; i++) {
      if (!modules[i].present) continue;
      present++;
      uint8_t a = modules[i].address ? modules[i].address : static_cast<uint8_t>(i + 1);
      if (a == addr) hit = &modules[i];
      if (addr == 0xF8) hit = &modules[i];
    }
    return addr == 0xF8 && present != 1 ? nullptr : hit;
  }

  void write(const uint8_t* data, size_t len) override {
    requests++;
    rx_len_ = 0;
    rx_pos_ = 0;
    if (len < 4 || mp::crc16_modbus(data, len - 2) != (data[len - 2] | (data[len - 1] << 8))) return;
    FakePzemModule* target = find(data[0]);
    if (!target) return;
    if (len == 4 && data[1] == 0x42) {  // energy reset: echo
      target->energy_wh = 0;
      target->energy_resets++;
      echo(data, len);
      garble(*target);
      return;
    }
    if (len == 8 && data[1] == 0x06 && data[3] == 0x02) {  // new address: echo
      target->address = data[5];
      echo(data, len);
      garble(*target);
      return;
    }
    if (len == 8 && data[1] == 0x03 && data[3] == 0x02 && data[5] == 1) {  // read the address back
      uint8_t a = target->address ? target->address : static_cast<uint8_t>(target - modules + 1);
      if (target->reported_address) a = target->reported_address;
      uint8_t out[5] = {data[0], 0x03, 2, 0, a};
      memcpy(rx_, out, 5);
      uint16_t crc = mp::crc16_modbus(rx_, 5);
      rx_[5] = static_cast<uint8_t>(crc & 0xFF);
      rx_[6] = static_cast<uint8_t>(crc >> 8);
      rx_len_ = 7;
      garble(*target);
      return;
    }
    if (len != 8 || data[1] != 0x04) return;
    uint8_t addr = data[0];
    FakePzemModule& m = *target;
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
  void echo(const uint8_t* data, size_t len) {
    memcpy(rx_, data, len);
    rx_len_ = len;
  }
  void garble(FakePzemModule& m) {
    if (!m.garble_next) return;
    m.garble_next = false;
    rx_[rx_len_ - 1] ^= 0x5A;
  }
  static uint16_t lo(uint32_t v) { return static_cast<uint16_t>(v & 0xFFFF); }
  static uint16_t hi(uint32_t v) { return static_cast<uint16_t>(v >> 16); }
  uint8_t rx_[25] = {};
  size_t rx_len_ = 0;
  size_t rx_pos_ = 0;
};
