// Compile-time sizes of the core. Everything is statically allocated: the
// ESP8266 has ~80 KB of data RAM and the WiFi stack plus TLS need about half.
#pragma once
#include <stddef.h>
#include <stdint.h>

// Override with -DMP_RING_CAPACITY=n when RAM is short (e.g. HTTPS without MFLN).
#ifndef MP_RING_CAPACITY
#define MP_RING_CAPACITY 400
#endif

namespace mp {

constexpr uint8_t kPorts = 4;             // PZEM modules at Modbus addresses 1..4
constexpr uint16_t kRingCapacity = MP_RING_CAPACITY;  // frames; 60 B each = 24 KB (README, "Decisions")
constexpr size_t kBodyBufferSize = 4096;  // one POST body; ~420 B per 4-port frame -> 9 frames
constexpr size_t kAnswerBufferSize = 2048;  // server answer kept for command parsing
constexpr uint8_t kMaxCommandsPerAnswer = 8;
constexpr uint8_t kCommandIdMax = 40;     // bytes including the terminating NUL

}  // namespace mp
