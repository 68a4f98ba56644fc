// Device's network half: one request at a time, uploads before long-polls.
#include <stdio.h>
#include <string.h>

#include "command_parser.h"
#include "device.h"
#include "json_encoder.h"
#include "log.h"

namespace mp {

static const char TAG[] = "net";
static const char kReadingsPath[] = "/api/v1/readings";
// The long-poll waits until the next interval frame is due (1..25 s), so it
// ends when the upload needs the connection: uploads and commands share one
// kept-alive connection and nothing is cancelled (a cancel costs a new TCP +
// TLS handshake). Commands still arrive at once; a change frame waits at most
// one interval.
static const char kCommandsPath[] = "/api/v1/commands?wait=";
constexpr uint32_t kLongPollMaxS = 25;

void Device::set_network_up(bool up) {
  if (!up && request_ != Request::kNone) {
    io_.net.cancel();
    request_ = Request::kNone;
  }
  network_up_ = up;
}

void Device::start_upload(uint32_t now) {
  FrameExtras extras;
  extras.dropped = ring_.dropped();
  extras.acks = &commands_.acks;
  extras.refused = &commands_.refused;
  extras.results = &commands_.results;
  Health health = this->health();
  extras.health = &health;
  uint16_t frames = 0;
  size_t len = encode_batch(body_, sizeof body_, ring_, uploader_.batch_limit(), extras, &frames);
  if (len == 0) return;
  sent_frames_ = frames;
  sent_dropped_ = extras.dropped;
  sent_acks_ = commands_.acks.count;
  sent_refused_ = commands_.refused.count;
  sent_results_ = commands_.results.count;
  request_ = Request::kUpload;
  if (!io_.net.begin("POST", kReadingsPath, body_, len, answer_, sizeof answer_ - 1)) {
    HttpAnswer none;
    on_answer(none, now);
  }
}

void Device::start_long_poll(uint32_t now) {
  request_ = Request::kLongPoll;
  uint32_t wait_s = (recorder_.ms_until_interval(now, ring_.size(), ring_.capacity()) + 999) / 1000;
  if (wait_s < 1) wait_s = 1;
  if (wait_s > kLongPollMaxS) wait_s = kLongPollMaxS;
  snprintf(poll_path_, sizeof poll_path_, "%s%lu", kCommandsPath, static_cast<unsigned long>(wait_s));
  if (!io_.net.begin("GET", poll_path_, nullptr, 0, answer_, sizeof answer_ - 1)) {
    request_ = Request::kNone;
    long_poll_waiting_ = true;
    long_poll_failed_ms_ = io_.clock.millis();
  }
}

void Device::net_step(uint32_t now) {
  if (!network_up_) return;
  if (request_ != Request::kNone) {
    HttpAnswer answer;
    if (io_.net.poll(answer) == HttpPoll::kBusy) {
      if (!(config_.cancel_long_poll && request_ == Request::kLongPoll && uploader_.due(now, ring_))) return;
      io_.net.cancel();  // the old policy: readings first, at the price of a reconnect
      request_ = Request::kNone;
    } else {
      on_answer(answer, now);
    }
  }
  if (request_ != Request::kNone) return;
  if (uploader_.due(now, ring_)) {
    start_upload(now);
  } else if (config_.long_poll &&
             (!long_poll_waiting_ || timer_due(now, long_poll_failed_ms_, config_.long_poll_retry_ms)) &&
             uploader_.failures() == 0) {
    long_poll_waiting_ = false;
    start_long_poll(now);
  }
}

void Device::on_answer(const HttpAnswer& answer, uint32_t now) {
  Request was = request_;
  request_ = Request::kNone;
  size_t len = answer.body_len < sizeof answer_ ? answer.body_len : sizeof answer_ - 1;
  answer_[len] = '\0';
  bool ok = answer.status >= 200 && answer.status < 300;
  if (was == Request::kUpload) {
    UploadOutcome outcome = uploader_.finish(answer, sent_frames_, now, ring_);
    if (outcome == UploadOutcome::kDelivered) {
      stats_.uploads_ok++;
      // What rode on this request is now the server's: forget it here.
      ring_.acknowledge_dropped(sent_dropped_);
      commands_.acks.remove_first(sent_acks_);
      commands_.refused.remove_first(sent_refused_);
      commands_.results.remove_first(sent_results_);
    } else {
      stats_.uploads_failed++;
    }
  } else if (!ok) {
    long_poll_waiting_ = true;
    long_poll_failed_ms_ = now;
    logf(TAG, "long-poll failed (%d)", answer.status);
  }
  if (ok) handle_commands(len);
}

void Device::handle_commands(size_t len) {
  CommandBatch batch;
  ParseStatus status = parse_commands(answer_, len, batch);
  if (status == ParseStatus::kTruncated) logf(TAG, "answer truncated at %u bytes", (unsigned)len);
  uint64_t mono = uptime_.extend(io_.clock.millis());
  if (!wall_.valid() && batch.has_server_time) {
    wall_.set(batch.server_time, mono);  // NTP may refine it later
    ring_.stamp(wall_);
  }
  int64_t now_epoch = wall_.valid() ? wall_.at(mono) : -1;
  uint32_t results_before = commands_.results.added;
  commands_.handle(batch, now_epoch, relays_, io_.clock.millis(), &io_.meter);
  if (commands_.results.added != results_before) frame_now_ = true;  // a refused job: say why soon
}

}  // namespace mp
