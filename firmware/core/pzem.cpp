#include "pzem.h"

#include "clock.h"
#include "log.h"

namespace mp {

static const char TAG[] = "pzem";

static uint32_t reg32(const uint8_t* data, uint8_t low_index) {
  // The PZEM puts the low 16 bits first, each word big-endian.
  return static_cast<uint32_t>(modbus_reg(data, low_index)) |
         (static_cast<uint32_t>(modbus_reg(data, low_index + 1)) << 16);
}

void pzem_decode(const uint8_t* data, Measurement& out) {
  out.voltage_dv = modbus_reg(data, 0);
  out.current_ma = reg32(data, 1);
  out.power_dw = reg32(data, 3);
  out.energy_wh = reg32(data, 5);
  out.frequency_dhz = modbus_reg(data, 7);
  uint16_t pf = modbus_reg(data, 8);
  out.pf_centi = static_cast<uint8_t>(pf > 100 ? 100 : pf);
}

size_t pzem_set_address_request(uint8_t new_addr, uint8_t* out) {
  return modbus_write_single_request(kPzemGeneralAddress, kPzemAddressRegister, new_addr, out);
}

ModbusStatus pzem_check_set_address_reply(const uint8_t* rx, size_t len, const uint8_t* request) {
  return modbus_check_echo(rx, len, request, nullptr);
}

size_t pzem_reset_energy_request(uint8_t addr, uint8_t* out) {
  out[0] = addr;
  out[1] = kPzemResetEnergy;
  return modbus_finish_frame(out, 2);
}

bool PzemMeter::queue(Job job, uint8_t addr) {
  if (job_state_ == PzemJobState::kQueued || job_state_ == PzemJobState::kBusy) return false;
  if (addr < 1 || addr > kPorts) return false;
  job_ = job;
  job_addr_ = addr;
  job_state_ = PzemJobState::kQueued;
  status_.running = true;
  status_.job = job == Job::kResetEnergy ? MeterJob::kResetEnergy : MeterJob::kAssignAddress;
  status_.port = addr;
  status_.read_back = 0;
  return true;
}

bool PzemMeter::reset_energy(uint8_t index) { return queue(Job::kResetEnergy, static_cast<uint8_t>(index + 1)); }
bool PzemMeter::assign_address(uint8_t addr) { return queue(Job::kAssignAddress, addr); }

void PzemMeter::send_job(uint32_t now_ms) {
  size_t len = job_ == Job::kResetEnergy     ? pzem_reset_energy_request(job_addr_, job_request_)
               : job_ == Job::kAssignAddress ? pzem_set_address_request(job_addr_, job_request_)
                                             : modbus_read_holding_request(job_addr_, kPzemAddressRegister, 1,
                                                                           job_request_);
  bus_.discard_input();
  bus_.write(job_request_, len);
  rx_len_ = 0;
  sent_ms_ = now_ms;
  job_waiting_ = true;
  job_state_ = PzemJobState::kBusy;
}

void PzemMeter::poll_job(uint32_t now_ms) {
  rx_len_ += bus_.read(rx_ + rx_len_, sizeof rx_ - rx_len_);
  uint8_t code = 0;
  ModbusStatus status;
  if (job_ == Job::kResetEnergy)
    status = modbus_check_fixed(rx_, rx_len_, 4, job_addr_, kPzemResetEnergy, &code);
  else if (job_ == Job::kAssignAddress)
    status = pzem_check_set_address_reply(rx_, rx_len_, job_request_);
  else
    status = modbus_check_read_holding(rx_, rx_len_, job_addr_, 1, &code);
  if (status == ModbusStatus::kIncomplete && !timer_due(now_ms, sent_ms_, config_.reply_timeout_ms)) return;
  job_waiting_ = false;
  if (status != ModbusStatus::kOk) {
    // Silence is "nobody there"; anything else heard is a collision or a refusal.
    end_job(status == ModbusStatus::kIncomplete && rx_len_ == 0 ? JobOutcome::kNoAnswer : JobOutcome::kBadAnswer);
    return;
  }
  if (job_ == Job::kAssignAddress) {
    job_ = Job::kReadBack;  // an echo says it was heard, not that it was kept
    job_state_ = PzemJobState::kQueued;
    return;
  }
  if (job_ == Job::kReadBack) {
    uint16_t got = modbus_reg(rx_ + 3, 0);
    status_.read_back = static_cast<uint8_t>(got > 0xFF ? 0xFF : got);
    end_job(got == job_addr_ ? JobOutcome::kConfirmed : JobOutcome::kWrongAddress);
    return;
  }
  end_job(JobOutcome::kConfirmed);
}

void PzemMeter::end_job(JobOutcome outcome) {
  bool ok = outcome == JobOutcome::kConfirmed;
  job_state_ = ok ? PzemJobState::kDone : PzemJobState::kFailed;
  status_.outcome = outcome;
  status_.running = false;
  status_.finished++;
  logf(TAG, "%s at address %u: %s (outcome %u)", job_ == Job::kResetEnergy ? "energy reset" : "address",
       job_addr_, ok ? "confirmed" : "failed", static_cast<unsigned>(outcome));
}

void PzemMeter::send_request(uint32_t now_ms) {
  uint8_t request[kModbusRequestLen];
  modbus_read_input_request(static_cast<uint8_t>(index_ + 1), 0, kPzemRegisterCount, request);
  bus_.discard_input();  // stale bytes from a late answer would misalign the frame
  bus_.write(request, sizeof request);
  rx_len_ = 0;
  sent_ms_ = now_ms;
  waiting_ = true;
}

void PzemMeter::finish(bool ok, uint32_t now_ms) {
  waiting_ = false;
  if (ok) {
    failures_[index_] = 0;
  } else if (failures_[index_] < 255 && ++failures_[index_] == config_.offline_after) {
    ports_[index_].online = false;
    logf(TAG, "port %u offline (address %u)", index_ + 1, index_ + 1);
  }
  index_++;
  if (index_ < kPorts) send_request(now_ms);
}

void PzemMeter::poll(uint32_t now_ms) {
  if (job_waiting_) {
    poll_job(now_ms);
    return;
  }
  if (!waiting_) {
    if (job_state_ == PzemJobState::kQueued) {
      send_job(now_ms);
      return;
    }
    if (started_ && !timer_due(now_ms, round_start_ms_, config_.round_period_ms)) return;
    started_ = true;
    round_start_ms_ = now_ms;
    index_ = 0;
    send_request(now_ms);
    return;
  }
  rx_len_ += bus_.read(rx_ + rx_len_, sizeof rx_ - rx_len_);
  uint8_t code = 0;
  uint8_t addr = static_cast<uint8_t>(index_ + 1);
  ModbusStatus status = modbus_check_read_input(rx_, rx_len_, addr, kPzemRegisterCount, &code);
  if (status == ModbusStatus::kIncomplete) {
    if (!timer_due(now_ms, sent_ms_, config_.reply_timeout_ms)) return;
    stats_.timeouts++;
    finish(false, now_ms);
    return;
  }
  if (status != ModbusStatus::kOk) {
    if (status == ModbusStatus::kBadCrc) stats_.bad_crc++; else stats_.other_errors++;
    logf(TAG, "port %u: bad answer (status %u, code %u)", addr, static_cast<unsigned>(status), code);
    finish(false, now_ms);
    return;
  }
  Measurement& m = ports_[index_];
  pzem_decode(rx_ + 3, m);
  m.online = true;
  m.taken_ms = now_ms;
  m.sample_id++;
  stats_.ok++;
  finish(true, now_ms);
}

}  // namespace mp
