// Outcomes of meter commands (addressing, energy reset) awaiting upload: the
// id also goes to `acks` or `refused`; this says what happened, for the page.
#pragma once
#include <string.h>

#include "config.h"
#include "meter.h"

namespace mp {

enum class ResultCode : uint8_t {
  kConfirmed,
  kNoAnswer,
  kWrongAddress,
  kBadAnswer,
  kBusy,         // another meter job was running
  kUnsupported,  // an action this firmware does not know, or a meter that cannot
};

// The wire names (docs/device-api.md, `results`).
inline const char* result_name(ResultCode c) {
  switch (c) {
    case ResultCode::kConfirmed: return "confirmed";
    case ResultCode::kNoAnswer: return "no_answer";
    case ResultCode::kWrongAddress: return "wrong_address";
    case ResultCode::kBadAnswer: return "bad_answer";
    case ResultCode::kBusy: return "busy";
    default: return "unsupported";
  }
}

inline ResultCode result_of(JobOutcome o) {
  switch (o) {
    case JobOutcome::kConfirmed: return ResultCode::kConfirmed;
    case JobOutcome::kNoAnswer: return ResultCode::kNoAnswer;
    case JobOutcome::kWrongAddress: return ResultCode::kWrongAddress;
    default: return ResultCode::kBadAnswer;
  }
}

struct JobResult {
  char id[kCommandIdMax];
  ResultCode code;
  uint8_t read_back;  // the address a meter reported; 0: none
};

struct JobResultList {
  static constexpr uint8_t kCapacity = 4;  // one job at a time: a few are plenty
  JobResult items[kCapacity];
  uint8_t count = 0;
  uint32_t added = 0;  // ever: tells a new entry from a full list that dropped its oldest

  // When full the oldest goes: its id still reaches the server in acks/refused.
  void add(const char* id, ResultCode code, uint8_t read_back) {
    if (count == kCapacity) {
      memmove(&items[0], &items[1], sizeof items[0] * (kCapacity - 1));
      count--;
    }
    added++;
    JobResult& r = items[count++];
    strncpy(r.id, id, kCommandIdMax - 1);
    r.id[kCommandIdMax - 1] = '\0';
    r.code = code;
    r.read_back = read_back;
  }
  void remove_first(uint8_t n) {
    if (n > count) n = count;
    memmove(&items[0], &items[n], sizeof items[0] * (count - n));
    count = static_cast<uint8_t>(count - n);
  }
};

}  // namespace mp
