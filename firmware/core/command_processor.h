// Applies commands from the server exactly once, and never late.
// A command is refused when its expiry has passed (or no clock can tell), or
// when its id was already applied; applied ids go to `acks` and refused ones
// to `refused`, both reported on the next upload.
// Meter commands (addressing, energy reset) start a meter job; their id is
// acked or refused when the job ends, with its outcome in `results`. A job
// that has started is finished even if the command expires meanwhile.
#pragma once
#include "command_parser.h"
#include "id_list.h"
#include "job_results.h"
#include "meter.h"
#include "relay_controller.h"

namespace mp {

class CommandProcessor {
 public:
  // now_epoch_ms: wall time now, or < 0 when unknown (then all are refused).
  // An "on" the relays refuse (a tripped port without override, or during its
  // back-off) is refused too: the server must not show it as done.
  void handle(const CommandBatch& batch, int64_t now_epoch_ms, RelayController& relays, uint32_t now_ms,
              Meter* meter = nullptr);
  // The meter job a command started has ended (from the meter's job_status()).
  void job_finished(const MeterJobStatus& status);
  bool job_running() const { return job_running_; }

  IdList acks;
  IdList refused;
  JobResultList results;
  uint32_t applied_total = 0;
  uint32_t refused_total = 0;

 private:
  static bool contains(const IdList& list, const char* id);
  void refuse(const char* id);
  bool applied_before(const char* id) const;
  void remember(const char* id);
  void start_job(const Command& c, Meter* meter);
  void refuse_job(const char* id, ResultCode code);

  static constexpr uint8_t kRecent = 16;  // ids outlive their expiry (~30 s) many times over
  char recent_[kRecent][kCommandIdMax] = {};
  uint8_t recent_count_ = 0;
  uint8_t recent_next_ = 0;
  char job_id_[kCommandIdMax] = {};
  bool job_running_ = false;
};

}  // namespace mp
