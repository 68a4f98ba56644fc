// Wiring of the Smart Multiplug board (see ../README.md, "Wiring").
#pragma once
#include <stdint.h>

namespace pins {

// Relays: GPIO4, 5, 12 and 14 stay quiet through reset and boot (unlike
// GPIO0/2/15 straps, GPIO16's boot pulse or GPIO1/3 serial traffic), so no
// socket clicks on while the chip starts.
constexpr uint8_t kRelay[4] = {4, 5, 12, 14};
constexpr bool kRelayActiveHigh = true;  // transistor/ULN2003 driver; flip for low-level modules

constexpr uint8_t kButton = 0;  // to GND, internal pull-up; also the flash-mode strap
constexpr uint8_t kLed = 2;     // on-board LED of the ESP-12, lit when low

// The PZEM bus is UART0 (GPIO1 TX, GPIO3 RX) at 9600 8N1: a hardware UART
// keeps the timing while WiFi interrupts; it means no serial console.
constexpr uint32_t kPzemBaud = 9600;

}  // namespace pins
