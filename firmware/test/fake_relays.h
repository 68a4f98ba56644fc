#pragma once
#include "relay_controller.h"

// Records what the GPIO pins would do.
struct FakeRelays : mp::RelayDriver {
  bool pin[4] = {};
  int switches = 0;
  uint32_t* clock = nullptr;
  uint32_t closed_at[4] = {};
  uint32_t opened_at[4] = {};
  int closes[4] = {};
  void set(uint8_t index, bool closed) override {
    if (pin[index] != closed) switches++;
    if (closed && !pin[index]) closes[index]++;
    if (!closed && pin[index] && clock) opened_at[index] = *clock;
    if (closed && !pin[index] && clock) closed_at[index] = *clock;
    pin[index] = closed;
  }
};
