#include "hardware.h"

#include <ESP8266WiFi.h>
#include <LittleFS.h>

#include "pins.h"

void UartMeterBus::write(const uint8_t* data, size_t len) {
  port_.write(data, len);  // 8 bytes fit the 128-byte TX FIFO: returns at once
}

size_t UartMeterBus::read(uint8_t* out, size_t max) {
  size_t n = 0;
  while (n < max && port_.available() > 0) out[n++] = static_cast<uint8_t>(port_.read());
  return n;
}

void UartMeterBus::discard_input() {
  while (port_.available() > 0) port_.read();
}

void GpioRelays::begin() {
  for (uint8_t pin : pins::kRelay) {
    digitalWrite(pin, pins::kRelayActiveHigh ? LOW : HIGH);  // level first, then drive: no glitch
    pinMode(pin, OUTPUT);
  }
}

void GpioRelays::set(uint8_t index, bool closed) {
  digitalWrite(pins::kRelay[index], closed == pins::kRelayActiveHigh ? HIGH : LOW);
}

// Writes go to "<name>.tmp", then rename() replaces the old file in one
// LittleFS metadata commit: a power cut leaves either the old or the new copy.
bool LittleFsStorage::write_begin(const char* name) {
  snprintf(name_, sizeof name_, "%s", name);
  char tmp[40];
  snprintf(tmp, sizeof tmp, "%s.tmp", name_);
  file_ = LittleFS.open(tmp, "w");
  return static_cast<bool>(file_);
}

bool LittleFsStorage::write(const void* data, size_t len) {
  return file_ && file_.write(static_cast<const uint8_t*>(data), len) == len;
}

bool LittleFsStorage::write_commit() {
  if (!file_) return false;
  file_.close();
  char tmp[40];
  snprintf(tmp, sizeof tmp, "%s.tmp", name_);
  return LittleFS.rename(tmp, name_);
}

int32_t LittleFsStorage::read(const char* name, uint32_t offset, void* out, size_t len) {
  File f = LittleFS.open(name, "r");
  if (!f) return -1;
  if (!f.seek(offset)) return 0;
  int32_t n = static_cast<int32_t>(f.read(static_cast<uint8_t*>(out), len));
  f.close();
  return n;
}

// RTC user memory: 512 bytes in 4-byte blocks. The first 128 bytes (blocks
// 0..31) are left to the OTA updater (eboot), so our record starts at 32.
static constexpr uint32_t kRtcBlock = 32;

bool EspRtcMemory::read(void* out, size_t len) {
  return ESP.rtcUserMemoryRead(kRtcBlock, static_cast<uint32_t*>(out), len);
}

bool EspRtcMemory::write(const void* data, size_t len) {
  return ESP.rtcUserMemoryWrite(kRtcBlock, static_cast<uint32_t*>(const_cast<void*>(data)), len);
}

void EspSystemInfo::begin() { snprintf(reset_, sizeof reset_, "%s", ESP.getResetReason().c_str()); }

uint32_t EspSystemInfo::free_heap() { return ESP.getFreeHeap(); }

int8_t EspSystemInfo::rssi() {
  if (WiFi.status() != WL_CONNECTED) return 0;
  int32_t r = WiFi.RSSI();
  return static_cast<int8_t>(r < -127 ? -127 : r > 0 ? 0 : r);
}
