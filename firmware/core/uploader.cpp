#include "uploader.h"

#include "clock.h"
#include "log.h"

namespace mp {

static const char TAG[] = "upload";

bool Uploader::due(uint32_t now_ms, const FrameRing& ring) const {
  if (waiting_ && !timer_due(now_ms, wait_from_ms_, wait_ms_)) return false;
  return ring.stamped_prefix() > 0;
}

void Uploader::back_off(uint32_t now_ms, uint32_t at_least_ms) {
  failures_++;
  // min * 2^(failures-1), capped; then "equal jitter": a random point in the
  // upper half, so a fleet that lost the server together does not return together.
  uint32_t delay = config_.backoff_min_ms;
  for (uint32_t i = 1; i < failures_ && delay < config_.backoff_max_ms; i++) delay *= 2;
  if (delay > config_.backoff_max_ms) delay = config_.backoff_max_ms;
  delay = jitter_.between(delay / 2, delay);
  if (delay < at_least_ms) delay = at_least_ms;
  waiting_ = true;
  wait_from_ms_ = now_ms;
  wait_ms_ = delay;
  retry_at_ms_ = now_ms + delay;
}

UploadOutcome Uploader::finish(const HttpAnswer& answer, uint16_t sent, uint32_t now_ms, FrameRing& ring) {
  int s = answer.status;
  last_status_ = s;
  if (s >= 200 && s < 300) {
    ring.pop(sent);
    failures_ = 0;
    waiting_ = false;
    if (batch_limit_ < config_.max_batch) batch_limit_++;  // grow back slowly after a 413
    return UploadOutcome::kDelivered;
  }
  if (s == 400 || s == 415) {
    ring.pop(sent);
    rejected_frames_ += sent;
    waiting_ = false;
    logf(TAG, "server refused %u frames (%d): dropped", sent, s);
    return UploadOutcome::kRejected;
  }
  if (s == 413) {
    batch_limit_ = static_cast<uint16_t>(sent > 1 ? sent / 2 : 1);
    logf(TAG, "body too large: batch limit now %u", batch_limit_);
    if (sent > 1) return UploadOutcome::kRetry;  // retry at once with the smaller batch
    back_off(now_ms, 0);  // one frame too large: a server setting; do not hammer it
    return UploadOutcome::kRetry;
  }
  if (s == 401 || s == 403) {
    back_off(now_ms, config_.unauthorized_ms);
    logf(TAG, "token refused (%d): retrying in %lu s", s, (unsigned long)(wait_ms_ / 1000));
    return UploadOutcome::kRetry;
  }
  back_off(now_ms, answer.retry_after_s * 1000u);
  logf(TAG, "no delivery (%d): retry %lu in %lu ms", s, (unsigned long)failures_, (unsigned long)wait_ms_);
  return UploadOutcome::kRetry;
}

}  // namespace mp
