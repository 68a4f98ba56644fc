// The strip's core, assembled: meters -> energy counters -> frames -> ring ->
// uploads, and answers -> commands -> relays, with the overload guard and
// persistence beside them. The Arduino sketch and the host tests drive the
// same object through the same seams; only the seams differ.
#pragma once
#include "button.h"
#include "clock.h"
#include "command_processor.h"
#include "config.h"
#include "energy_counter.h"
#include "health.h"
#include "led.h"
#include "meter.h"
#include "overload.h"
#include "persist.h"
#include "recorder.h"
#include "relay_controller.h"
#include "ring_buffer.h"
#include "ring_snapshot.h"
#include "transport.h"
#include "uploader.h"

namespace mp {

struct DeviceConfig {
  RecorderConfig recorder;
  EnergyConfig energy;
  UploaderConfig uploader;
  RelayConfig relay;
  OverloadConfig overload;
  PersistConfig persist;
  SnapshotConfig snapshot;
  uint16_t ring_capacity = kRingCapacity;  // <= kRingCapacity; smaller in tests
  uint32_t sample_max_age_ms = 5000;       // older readings are left out of frames
  uint32_t stable_after_ms = 60000;  // a boot that lasts this long ends a boot loop
  uint8_t boot_loop_limit = 3;       // this many quick boots in a row: restore nothing
  uint32_t heartbeat_ms = 60000;     // with no meter answering, a frame of health alone
  bool long_poll = true;
  // Cancel a waiting long-poll when an upload is due (the policy before the
  // long-poll learned to end at the next frame): kept for the comparison in
  // the handshake benchmark.
  bool cancel_long_poll = false;
  uint32_t long_poll_retry_ms = 10000;     // after a failed long-poll
};

struct DeviceIo {
  Clock& clock;
  Meter& meter;
  RelayDriver& relays;
  Transport& net;
  Storage& storage;
  RtcMemory& rtc;
  uint32_t seed;  // for backoff jitter
  SystemInfo* system = nullptr;  // heap, RSSI, reset reason for the health report
};

struct DeviceStats {
  uint32_t frames_taken = 0;
  uint32_t uploads_ok = 0;
  uint32_t uploads_failed = 0;
  uint32_t trips = 0;
  uint32_t trips_silent = 0;  // of which: a closed port whose meter stopped answering
};

class Device {
 public:
  Device(const DeviceIo& io, const DeviceConfig& config);

  void begin();  // restore state, set relays per the restore policy
  void loop();   // one pass, never blocks
  // Meter, overload guard and relays only. The sketch calls it from a timer
  // too, so a blocking connect or the set-up portal cannot pause the guard;
  // it is a no-op while already running (re-entry from inside loop()).
  void safety_tick();

  void set_wall_time(int64_t epoch_ms);  // from NTP
  void set_network_up(bool up);          // WiFi associated and has an IP
  void on_button(ButtonEvent event);
  void prepare_restart();                // before OTA or a planned reboot

  LedState led_state() const;
  bool take_portal_request();
  bool take_factory_reset_request();
  const DeviceStats& stats() const { return stats_; }
  const FrameRing& ring() const { return ring_; }
  const RelayController& relays() const { return relays_; }
  const EnergyState& energy(uint8_t i) const { return record_.energy[i]; }
  const EnergyWatch& energy_watch(uint8_t i) const { return watch_[i]; }
  const CommandProcessor& commands() const { return commands_; }
  bool wall_time_known() const { return wall_.valid(); }
  Health health();
  bool boot_loop() const { return boot_loop_; }

 private:
  enum class Request : uint8_t { kNone, kUpload, kLongPoll };

  void meter_step(uint32_t now);
  void job_step(uint32_t now);
  void safety_step(uint32_t now);
  void record_step(uint32_t now);
  void persist_step(uint32_t now, bool force);
  void net_step(uint32_t now);
  void start_upload(uint32_t now);
  void start_long_poll(uint32_t now);
  void on_answer(const HttpAnswer& answer, uint32_t now);
  void handle_commands(size_t len);
  uint8_t online_mask(uint32_t now) const;

  DeviceIo io_;
  DeviceConfig config_;
  Uptime uptime_;
  WallClock wall_;
  Frame slots_[kRingCapacity];
  FrameRing ring_;
  RingSnapshot snapshot_;
  PersistStore store_;
  PersistRecord record_ = {};
  bool record_dirty_ = false;
  uint32_t seen_sample_[kPorts] = {};
  EnergyWatch watch_[kPorts] = {};
  RelayController relays_;
  OverloadGuard overload_;
  Recorder recorder_;
  Uploader uploader_;
  CommandProcessor commands_;
  DeviceStats stats_;

  bool network_up_ = false;
  bool in_safety_ = false;
  bool boot_loop_ = false;   // relays held off after repeated quick boots
  bool stable_ = false;      // this boot has run stable_after_ms
  uint32_t boot_ms_ = 0;
  uint32_t heartbeat_ms_ = 0;
  bool heartbeat_taken_ = false;
  uint16_t jobs_seen_ = 0;       // the meter's finished-job count already handled
  bool job_ended_ = false;       // a meter job ended: report it from loop()
  bool frame_now_ = false;       // take a frame at once (a job's outcome is waiting)
  bool portal_requested_ = false;
  bool factory_reset_requested_ = false;
  Request request_ = Request::kNone;
  uint16_t sent_frames_ = 0;
  uint32_t sent_dropped_ = 0;
  uint8_t sent_acks_ = 0, sent_refused_ = 0, sent_results_ = 0;
  bool long_poll_waiting_ = false;
  uint32_t long_poll_failed_ms_ = 0;
  char body_[kBodyBufferSize];
  char answer_[kAnswerBufferSize];
  char poll_path_[40];
};

}  // namespace mp
