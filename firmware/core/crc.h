// Checksums. CRC-16/MODBUS guards every meter frame; CRC-32 guards what we
// keep in RTC memory and flash, so a torn write or a cold-boot RTC is detected.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

// CRC-16/MODBUS: reflected poly 0xA001, init 0xFFFF. Sent low byte first.
uint16_t crc16_modbus(const uint8_t* data, size_t len);

// CRC-32 (IEEE, reflected 0xEDB88320); pass the previous value to continue.
uint32_t crc32_update(uint32_t crc, const void* data, size_t len);
inline uint32_t crc32(const void* data, size_t len) { return crc32_update(0, data, len); }

}  // namespace mp
