// Reads the device commands out of a server answer (the readings response or
// the long-poll), e.g.
//   {"accepted":4,"commands":[{"id":"c_9f2","port":2,"on":false,"expires":1764230430000},
//    {"id":"c_9f3","action":"reset_energy","port":3,"expires":1764230430000}],
//    "server_time":1764230400123}
// A command without "action" is a relay switch and needs "on"; a meter
// command names its action and never carries "on" (so firmware from before
// actions, which requires "on", drops it as invalid instead of switching).
// A purpose-built scanner, not a JSON library: it walks the whole grammar
// (strings with escapes, nesting, literals) so it is indifferent to
// whitespace, key order and unknown keys, and never reads past `len`.
// Truncated input (a full answer buffer) keeps the commands that were read
// completely and says so; a half-read command is never used.
#pragma once
#include <stddef.h>
#include <stdint.h>

#include "config.h"

namespace mp {

enum class CommandAction : uint8_t {
  kSwitch,         // no "action": switch the port's relay
  kAssignAddress,  // give the one meter on the bus Modbus address `port`
  kResetEnergy,    // zero the energy counter of `port`'s meter
  kUnknown,        // an action this firmware does not know: refused, never guessed at
};

struct Command {
  char id[kCommandIdMax];
  CommandAction action = CommandAction::kSwitch;
  uint8_t port;      // 1..kPorts (0 only for kUnknown)
  bool on;
  bool override_trip;  // "override": true: switch on a port the overload guard cut
  int64_t expires;   // epoch ms
};

enum class ParseStatus : uint8_t { kOk, kTruncated, kMalformed };

struct CommandBatch {
  Command items[kMaxCommandsPerAnswer];
  uint8_t count = 0;
  uint8_t invalid = 0;  // command objects missing a field, out of range, or over capacity
  bool has_server_time = false;
  int64_t server_time = 0;
};

ParseStatus parse_commands(const char* body, size_t len, CommandBatch& out);

}  // namespace mp
