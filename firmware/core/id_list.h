// A small fixed list of relay-command ids (acks / refused awaiting upload).
#pragma once
#include <string.h>

#include "config.h"

namespace mp {

struct IdList {
  static constexpr uint8_t kCapacity = 8;
  char ids[kCapacity][kCommandIdMax];
  uint8_t count = 0;

  // When full the oldest id goes: reporting is best effort, applying is not.
  void add(const char* id) {
    if (count == kCapacity) {
      memmove(ids[0], ids[1], sizeof ids[0] * (kCapacity - 1));
      count--;
    }
    strncpy(ids[count], id, kCommandIdMax - 1);
    ids[count][kCommandIdMax - 1] = '\0';
    count++;
  }
  // Forget the first n (they reached the server).
  void remove_first(uint8_t n) {
    if (n > count) n = count;
    memmove(ids[0], ids[n], sizeof ids[0] * (count - n));
    count = static_cast<uint8_t>(count - n);
  }
};

}  // namespace mp
