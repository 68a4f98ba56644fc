// Persistence seams. On the device: Storage = LittleFS, RtcMemory = the
// ESP8266's 512 bytes of RTC user memory (survives resets, not power loss).
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

class Storage {
 public:
  // Writes go to a temporary file that write_commit() renames over `name`, so
  // a power cut mid-write leaves the previous copy intact.
  virtual bool write_begin(const char* name) = 0;
  virtual bool write(const void* data, size_t len) = 0;
  virtual bool write_commit() = 0;
  // Bytes read (short at end of file), or -1 when the file does not exist.
  virtual int32_t read(const char* name, uint32_t offset, void* out, size_t len) = 0;

 protected:
  ~Storage() = default;
};

class RtcMemory {
 public:
  virtual bool read(void* out, size_t len) = 0;
  virtual bool write(const void* data, size_t len) = 0;

 protected:
  ~RtcMemory() = default;
};

}  // namespace mp
