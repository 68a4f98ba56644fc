// In-memory stand-ins for the device's seams (host tests only: STL is fine here).
#pragma once
#include <string.h>

#include <map>
#include <string>
#include <vector>

#include "clock.h"
#include "storage.h"

struct FakeClock : mp::Clock {
  uint32_t now = 0;
  uint32_t millis() override { return now; }
};

// LittleFS as a map of files; write_commit() replaces atomically.
struct FakeStorage : mp::Storage {
  std::map<std::string, std::vector<uint8_t>> files;
  std::string pending_name;
  std::vector<uint8_t> pending;
  int commits = 0;
  bool fail_writes = false;

  bool write_begin(const char* name) override {
    pending_name = name;
    pending.clear();
    return !fail_writes;
  }
  bool write(const void* data, size_t len) override {
    const uint8_t* p = static_cast<const uint8_t*>(data);
    pending.insert(pending.end(), p, p + len);
    return !fail_writes;
  }
  bool write_commit() override {
    if (fail_writes) return false;
    files[pending_name] = pending;
    commits++;
    return true;
  }
  int32_t read(const char* name, uint32_t offset, void* out, size_t len) override {
    auto it = files.find(name);
    if (it == files.end()) return -1;
    if (offset >= it->second.size()) return 0;
    size_t n = it->second.size() - offset;
    if (n > len) n = len;
    memcpy(out, it->second.data() + offset, n);
    return static_cast<int32_t>(n);
  }
};

// RTC user memory: survives a reset, lost on power loss.
struct FakeRtc : mp::RtcMemory {
  uint8_t mem[512];
  int writes = 0;
  FakeRtc() { power_loss(); }
  void power_loss() { memset(mem, 0xA5, sizeof mem); }  // garbage, as after a cold boot
  bool read(void* out, size_t len) override {
    if (len > sizeof mem) return false;
    memcpy(out, mem, len);
    return true;
  }
  bool write(const void* data, size_t len) override {
    if (len > sizeof mem) return false;
    memcpy(mem, data, len);
    writes++;
    return true;
  }
};

// Reads a whole file (golden payloads) byte for byte.
inline std::string read_file(const std::string& path) {
  std::string out;
  FILE* f = fopen(path.c_str(), "rb");
  if (!f) return out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  fclose(f);
  return out;
}
