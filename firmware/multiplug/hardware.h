// The core's seams, implemented on the ESP8266 Arduino core.
#pragma once
#include <Arduino.h>
#include <FS.h>  // fs::File

#include "meter.h"
#include "relay_controller.h"
#include "storage.h"
#include "clock.h"
#include "health.h"

class ArduinoClock : public mp::Clock {
 public:
  uint32_t millis() override { return ::millis(); }
};

class UartMeterBus : public mp::MeterBus {
 public:
  explicit UartMeterBus(HardwareSerial& port) : port_(port) {}
  void write(const uint8_t* data, size_t len) override;
  size_t read(uint8_t* out, size_t max) override;
  void discard_input() override;

 private:
  HardwareSerial& port_;
};

class GpioRelays : public mp::RelayDriver {
 public:
  void begin();
  void set(uint8_t index, bool closed) override;
};

class LittleFsStorage : public mp::Storage {
 public:
  bool write_begin(const char* name) override;
  bool write(const void* data, size_t len) override;
  bool write_commit() override;
  int32_t read(const char* name, uint32_t offset, void* out, size_t len) override;

 private:
  char name_[32] = {};
  File file_;
};

class EspRtcMemory : public mp::RtcMemory {
 public:
  bool read(void* out, size_t len) override;
  bool write(const void* data, size_t len) override;
};

class EspSystemInfo : public mp::SystemInfo {
 public:
  void begin();  // copies the reset reason once: it does not change while we run
  uint32_t free_heap() override;
  int8_t rssi() override;
  const char* reset_reason() override { return reset_; }

 private:
  char reset_[32] = {};
};
