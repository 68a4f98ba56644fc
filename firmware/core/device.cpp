#include "device.h"

#include <string.h>

#include "log.h"
#include "version.h"

namespace mp {

static const char TAG[] = "device";

Device::Device(const DeviceIo& io, const DeviceConfig& config)
    : io_(io),
      config_(config),
      ring_(slots_, config.ring_capacity <= kRingCapacity ? config.ring_capacity : kRingCapacity),
      snapshot_(ring_, io.storage, config.snapshot),
      store_(io.rtc, io.storage, config.persist),
      relays_(io.relays, config.relay),
      overload_(config.overload),
      recorder_(config.recorder),
      uploader_(config.uploader, io.seed) {}

void Device::begin() {
  uint32_t now = io_.clock.millis();
  uptime_.extend(now);
  bool restored = store_.restore(record_);
  snapshot_.restore();
  // Never reuse a seq: continue after both the saved counter and the ring.
  for (uint16_t i = 0; i < ring_.size(); i++)
    if (ring_.at(i).seq >= record_.next_seq) record_.next_seq = ring_.at(i).seq + 1;
  // A reset loop must not cycle the loads: each quick boot in a row doubles
  // the wait before anything closes, and past the limit nothing is restored.
  uint8_t quick = store_.restored_from_rtc() ? record_.quick_boots : 0;
  boot_loop_ = quick >= config_.boot_loop_limit;
  uint8_t shift = quick < 5 ? quick : 5;
  uint32_t delay = config_.relay.min_toggle_ms << shift;
  relays_.begin(boot_loop_ ? 0 : record_.relay_mask, record_.tripped_mask, now, delay);
  if (boot_loop_) logf(TAG, "%u quick boots in a row: relays stay off", quick);
  record_.quick_boots = static_cast<uint8_t>(quick < 255 ? quick + 1 : 255);
  record_.relay_mask = relays_.desired_mask();
  boot_ms_ = now;
  store_.save(record_, now);
  logf(TAG, "start: %s state, %u unsent frames, next seq %lu", restored ? "restored" : "fresh",
       ring_.size(), (unsigned long)record_.next_seq);
}

uint8_t Device::online_mask(uint32_t now) const {
  uint8_t mask = 0;
  for (uint8_t i = 0; i < kPorts; i++) {
    const Measurement& m = io_.meter.port(i);
    if (m.online && m.sample_id && !timer_due(now, m.taken_ms, config_.sample_max_age_ms))
      mask |= static_cast<uint8_t>(1u << i);
  }
  return mask;
}

void Device::meter_step(uint32_t now) {
  io_.meter.poll(now);
  job_step(now);
  for (uint8_t i = 0; i < kPorts; i++) {
    const Measurement& m = io_.meter.port(i);
    if (m.sample_id == seen_sample_[i] || !m.online) continue;
    seen_sample_[i] = m.sample_id;
    EnergyStep step = energy_update(record_.energy[i], watch_[i], m.energy_wh, m.taken_ms, config_.energy);
    if (step.added_wh || step.event == EnergyEvent::kFirst || step.event == EnergyEvent::kNewEpoch)
      record_dirty_ = true;
  }
}

// A meter job ended. Its effect on the counters is applied here, before the
// next reading is folded in; the command's report waits for loop(), which
// owns the upload lists (this may run from the safety timer).
void Device::job_step(uint32_t now) {
  const MeterJobStatus& job = io_.meter.job_status();
  if (job.finished == jobs_seen_) return;
  jobs_seen_ = job.finished;
  job_ended_ = true;
  if (job.outcome != JobOutcome::kConfirmed || job.port < 1 || job.port > kPorts) return;
  uint8_t i = static_cast<uint8_t>(job.port - 1);
  if (job.job == MeterJob::kResetEnergy) energy_reset_by_us(record_.energy[i], watch_[i], now);
  else energy_new_module(record_.energy[i], watch_[i]);
  record_dirty_ = true;
}

void Device::safety_step(uint32_t now) {
  uint32_t amps[kPorts];
  for (uint8_t i = 0; i < kPorts; i++) amps[i] = io_.meter.port(i).current_ma;
  int cut = overload_.check(amps, online_mask(now), relays_, now);
  if (cut >= 0) {
    relays_.trip(static_cast<uint8_t>(cut), now);
    stats_.trips++;
    if (overload_.last_reason() == TripReason::kSilentMeter) stats_.trips_silent++;
  }
  uint8_t closed_before = relays_.closed_mask();
  relays_.loop(now);
  // Persist what the user asked for (desired), so a reboot mid-stagger
  // still restores it, and what the guard cut.
  if (record_.relay_mask != relays_.desired_mask() || record_.tripped_mask != relays_.tripped_mask() ||
      closed_before != relays_.closed_mask()) {
    record_.relay_mask = relays_.desired_mask();
    record_.tripped_mask = relays_.tripped_mask();
    record_dirty_ = true;
  }
}

void Device::record_step(uint32_t now) {
  const Measurement* ports[kPorts];
  Measurement copy[kPorts];
  for (uint8_t i = 0; i < kPorts; i++) {
    ports[i] = &io_.meter.port(i);
    copy[i] = *ports[i];
  }
  uint8_t online = online_mask(now);
  uint8_t relay_mask = relays_.closed_mask();
  if (frame_now_) {
    frame_now_ = false;  // a meter job's outcome rides on it: no waiting for the interval
  } else if (online == 0) {
    // No meter answers: still upload now and then, so health, relay states
    // and command acks reach the server.
    if (heartbeat_taken_ && !timer_due(now, heartbeat_ms_, config_.heartbeat_ms)) return;
  } else if (!recorder_.due(now, copy, online, relay_mask, ring_.size(), ring_.capacity())) {
    return;
  }
  if (online) recorder_.taken(now, copy, online, relay_mask);
  heartbeat_taken_ = true;
  heartbeat_ms_ = now;

  Frame f;
  memset(&f, 0, sizeof f);
  uint64_t mono = uptime_.extend(now);
  if (wall_.valid()) {
    f.set_time_ms(static_cast<uint64_t>(wall_.at(mono)));
  } else {
    f.set_time_ms(mono);
    f.flags = Frame::kUptime;
  }
  f.seq = record_.next_seq++;
  f.masks = static_cast<uint8_t>(online | (relay_mask << 4));
  for (uint8_t i = 0; i < kPorts; i++) {
    if (!(online & (1u << i))) continue;
    const Measurement& m = copy[i];
    PortSample& p = f.ports[i];
    p.voltage_dv = m.voltage_dv;
    p.current_ma = static_cast<uint16_t>(m.current_ma > 0xFFFF ? 0xFFFF : m.current_ma);
    p.power_dw = m.power_dw > 0xFFFFFF ? 0xFFFFFF : m.power_dw;
    p.pf_centi = m.pf_centi;
    p.energy_wh = record_.energy[i].total_wh;
    f.epoch[i] = record_.energy[i].epoch;
  }
  ring_.push(f);
  record_dirty_ = true;
  stats_.frames_taken++;
}

void Device::persist_step(uint32_t now, bool force) {
  if (record_dirty_ || force) {
    store_.save(record_, now, force);
    record_dirty_ = false;
  }
  snapshot_.maybe_save(now, force);
}

void Device::safety_tick() {
  if (in_safety_) return;
  in_safety_ = true;
  uint32_t now = io_.clock.millis();
  meter_step(now);
  safety_step(now);
  in_safety_ = false;
}

void Device::loop() {
  uint32_t now = io_.clock.millis();
  uptime_.extend(now);
  safety_tick();
  if (job_ended_) {
    job_ended_ = false;
    if (commands_.job_running()) frame_now_ = true;
    commands_.job_finished(io_.meter.job_status());
  }
  if (!stable_ && timer_due(now, boot_ms_, config_.stable_after_ms)) {
    stable_ = true;
    record_.quick_boots = 0;
    record_dirty_ = true;
  }
  record_step(now);
  net_step(now);
  persist_step(now, false);
}

void Device::set_wall_time(int64_t epoch_ms) {
  wall_.set(epoch_ms, uptime_.extend(io_.clock.millis()));
  ring_.stamp(wall_);
}

void Device::on_button(ButtonEvent event) {
  if (event == ButtonEvent::kFactoryReset) {
    factory_reset_requested_ = true;
  } else if (event == ButtonEvent::kLong) {
    portal_requested_ = true;
  } else if (event == ButtonEvent::kShort) {
    // One button, four ports: anything on -> all off; all off -> all on.
    // Someone is at the strip: that overrides a trip, but not its back-off.
    bool any = relays_.desired_mask() != 0;
    uint32_t now = io_.clock.millis();
    for (uint8_t i = 0; i < kPorts; i++) relays_.request(i, !any, now, true);
  }
}

bool Device::take_factory_reset_request() {
  bool r = factory_reset_requested_;
  factory_reset_requested_ = false;
  return r;
}

bool Device::take_portal_request() {
  bool r = portal_requested_;
  portal_requested_ = false;
  return r;
}

void Device::prepare_restart() {
  if (request_ != Request::kNone) io_.net.cancel();
  request_ = Request::kNone;
  persist_step(io_.clock.millis(), true);
}

Health Device::health() {
  Health h;
  h.firmware = kFirmwareVersion;
  if (io_.system) {
    h.has_system = true;
    h.free_heap = io_.system->free_heap();
    h.rssi = io_.system->rssi();
    h.reset_reason = io_.system->reset_reason();
  }
  h.uptime_s = static_cast<uint32_t>(uptime_.extend(io_.clock.millis()) / 1000u);
  h.meters_online = online_mask(io_.clock.millis());
  h.meter_errors = io_.meter.errors();
  for (uint8_t i = 0; i < kPorts; i++) h.refused_readings += watch_[i].refused;
  return h;
}

LedState Device::led_state() const {
  if (relays_.tripped_mask()) return LedState::kTripped;
  if (!network_up_) return LedState::kNoWifi;
  if (uploader_.failures() > 0) return LedState::kServerTrouble;
  return LedState::kOk;
}

}  // namespace mp
