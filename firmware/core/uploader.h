// Upload policy for POST /api/v1/readings (docs/device-api.md, "What the
// device does with an answer"):
//   2xx      -> the sent frames are durable on the server: drop them
//   400, 415 -> they will never be accepted: drop them and count them
//   401      -> keep them, retry slowly (someone may fix the token)
//   413      -> keep them, halve the batch
//   429, 5xx, no answer -> keep them, exponential backoff with jitter,
//               at least Retry-After when the server gave one
#pragma once
#include "ring_buffer.h"
#include "transport.h"

namespace mp {

struct UploaderConfig {
  uint16_t max_batch = 60;          // frames per request; the body buffer may fit fewer
  uint32_t backoff_min_ms = 2000;
  uint32_t backoff_max_ms = 5u * 60u * 1000u;
  uint32_t unauthorized_ms = 5u * 60u * 1000u;
};

enum class UploadOutcome : uint8_t { kDelivered, kRejected, kRetry };

class Uploader {
 public:
  Uploader(const UploaderConfig& config, uint32_t seed) : config_(config), jitter_(seed) {
    batch_limit_ = config.max_batch;
  }

  // Stamped frames waiting and no backoff running.
  bool due(uint32_t now_ms, const FrameRing& ring) const;
  uint16_t batch_limit() const { return batch_limit_; }
  // After the request for `sent` frames ended; pops them from the ring when
  // they are done with.
  UploadOutcome finish(const HttpAnswer& answer, uint16_t sent, uint32_t now_ms, FrameRing& ring);

  uint32_t failures() const { return failures_; }
  uint32_t rejected_frames() const { return rejected_frames_; }
  int last_status() const { return last_status_; }
  uint32_t retry_at() const { return retry_at_ms_; }

 private:
  void back_off(uint32_t now_ms, uint32_t at_least_ms);

  UploaderConfig config_;
  Jitter jitter_;
  uint16_t batch_limit_;
  uint32_t failures_ = 0;         // consecutive
  bool waiting_ = false;
  uint32_t retry_at_ms_ = 0;
  uint32_t wait_from_ms_ = 0;
  uint32_t wait_ms_ = 0;
  uint32_t rejected_frames_ = 0;
  int last_status_ = 0;
};

}  // namespace mp
