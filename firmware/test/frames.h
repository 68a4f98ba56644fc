// Builders for known frames (test data, and the golden payloads' source).
#pragma once
#include <string.h>

#include "frame.h"

inline mp::PortSample sample(uint16_t voltage_dv, uint16_t current_ma, uint32_t power_dw,
                             uint8_t pf_centi, uint32_t energy_wh) {
  mp::PortSample p;
  p.voltage_dv = voltage_dv;
  p.current_ma = current_ma;
  p.power_dw = power_dw & 0xFFFFFF;
  p.pf_centi = pf_centi;
  p.energy_wh = energy_wh;
  return p;
}

inline mp::Frame frame_at(uint64_t ts_ms, uint32_t seq, uint8_t present = 0x0F, uint8_t relays = 0x0F) {
  mp::Frame f;
  memset(&f, 0, sizeof f);
  f.set_time_ms(ts_ms);
  f.seq = seq;
  f.masks = static_cast<uint8_t>((present & 0x0F) | ((relays & 0x0F) << 4));
  for (uint8_t i = 0; i < mp::kPorts; i++) f.ports[i] = sample(2300, 0, 0, 0, 0);
  return f;
}
