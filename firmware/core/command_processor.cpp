#include "command_processor.h"

#include <string.h>

#include "log.h"

namespace mp {

static const char TAG[] = "commands";

bool CommandProcessor::contains(const IdList& list, const char* id) {
  for (uint8_t i = 0; i < list.count; i++)
    if (strcmp(list.ids[i], id) == 0) return true;
  return false;
}

bool CommandProcessor::applied_before(const char* id) const {
  for (uint8_t i = 0; i < recent_count_; i++)
    if (strcmp(recent_[i], id) == 0) return true;
  return false;
}

void CommandProcessor::remember(const char* id) {
  strncpy(recent_[recent_next_], id, kCommandIdMax - 1);
  recent_[recent_next_][kCommandIdMax - 1] = '\0';
  recent_next_ = static_cast<uint8_t>((recent_next_ + 1) % kRecent);
  if (recent_count_ < kRecent) recent_count_++;
}

void CommandProcessor::refuse(const char* id) {
  if (!contains(refused, id)) {
    refused.add(id);
    refused_total++;
  }
}

void CommandProcessor::refuse_job(const char* id, ResultCode code) {
  refuse(id);
  results.add(id, code, 0);
}

void CommandProcessor::start_job(const Command& c, Meter* meter) {
  if (c.action == CommandAction::kUnknown) {
    refuse_job(c.id, ResultCode::kUnsupported);
    logf(TAG, "%s: unknown action, refused", c.id);
    return;
  }
  if (job_running_) {
    refuse_job(c.id, ResultCode::kBusy);
    logf(TAG, "%s: a meter job is running, refused", c.id);
    return;
  }
  MeterJob job = c.action == CommandAction::kAssignAddress ? MeterJob::kAssignAddress : MeterJob::kResetEnergy;
  if (!meter || !meter->start_job(job, c.port)) {
    refuse_job(c.id, meter && meter->job_status().running ? ResultCode::kBusy : ResultCode::kUnsupported);
    logf(TAG, "%s: the meter cannot take the job, refused", c.id);
    return;
  }
  strncpy(job_id_, c.id, kCommandIdMax - 1);
  job_running_ = true;
  logf(TAG, "%s: meter job for port %u started", c.id, c.port);
}

void CommandProcessor::job_finished(const MeterJobStatus& status) {
  if (!job_running_) return;  // a job from the set-up portal, not a command
  job_running_ = false;
  ResultCode code = result_of(status.outcome);
  if (code == ResultCode::kConfirmed) {
    acks.add(job_id_);
    applied_total++;
  } else {
    refuse(job_id_);
  }
  results.add(job_id_, code, status.read_back);
  logf(TAG, "%s: meter job %s", job_id_, result_name(code));
}

void CommandProcessor::handle(const CommandBatch& batch, int64_t now_epoch_ms, RelayController& relays,
                              uint32_t now_ms, Meter* meter) {
  for (uint8_t i = 0; i < batch.count; i++) {
    const Command& c = batch.items[i];
    if (job_running_ && strcmp(job_id_, c.id) == 0) continue;  // delivered again while it runs
    if (applied_before(c.id)) {
      // Delivered twice (answer and long-poll): if our ack has not gone out
      // yet, that ack is the answer; otherwise tell the server we refused.
      if (!contains(acks, c.id) && !contains(refused, c.id)) {
        refused.add(c.id);
        refused_total++;
      }
      logf(TAG, "%s: already applied", c.id);
      continue;
    }
    if (now_epoch_ms < 0 || c.expires <= now_epoch_ms) {
      refuse(c.id);
      logf(TAG, "%s: expired, refused", c.id);
      continue;
    }
    if (c.action != CommandAction::kSwitch) {
      remember(c.id);
      start_job(c, meter);
      continue;
    }
    RequestResult r = relays.request(static_cast<uint8_t>(c.port - 1), c.on, now_ms, c.override_trip);
    remember(c.id);
    if (r != RequestResult::kOk) {
      refuse(c.id);
      logf(TAG, "%s: port %u is tripped%s, refused", c.id, c.port,
           r == RequestResult::kBackoff ? " (back-off)" : " (no override)");
      continue;
    }
    acks.add(c.id);
    applied_total++;
    logf(TAG, "%s: port %u %s", c.id, c.port, c.on ? "on" : "off");
  }
}

}  // namespace mp
