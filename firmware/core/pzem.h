// PZEM-004T v3.0 front end: polls modules at Modbus addresses 1..kPorts on one
// UART, one request in flight at a time, without blocking the loop.
//
// Input registers 0x0000..0x0009 (32-bit values: low word first):
//   0 voltage 0.1 V | 1,2 current 1 mA | 3,4 power 0.1 W | 5,6 energy 1 Wh
//   7 frequency 0.1 Hz | 8 power factor 0.01 | 9 alarm (0xFFFF = alarm)
// Register 0x0002 of the *holding* set is the slave address (1..247); it is
// written through the general address 0xF8 with only one module connected,
// and read back with function 0x03 at the new address.
// Energy reset, vendor function 0x42 (the module echoes the 4 bytes):
//   | addr | 0x42 | crc lo | crc hi |
#pragma once
#include "config.h"
#include "meter.h"
#include "modbus.h"

namespace mp {

constexpr uint8_t kPzemGeneralAddress = 0xF8;
constexpr uint16_t kPzemRegisterCount = 10;
constexpr uint16_t kPzemAddressRegister = 0x0002;
constexpr uint8_t kPzemResetEnergy = 0x42;

// Decodes the 20 data bytes of a 10-register answer.
void pzem_decode(const uint8_t* data, Measurement& out);

// Address setting (maintenance: one module on the bus at a time).
size_t pzem_set_address_request(uint8_t new_addr, uint8_t* out);
ModbusStatus pzem_check_set_address_reply(const uint8_t* rx, size_t len, const uint8_t* request);
size_t pzem_reset_energy_request(uint8_t addr, uint8_t* out);

// Maintenance jobs, run between two reading rounds without blocking.
enum class PzemJobState : uint8_t { kIdle, kQueued, kBusy, kDone, kFailed };

struct PzemConfig {
  uint32_t round_period_ms = 1000;  // all ports read once a second
  uint32_t reply_timeout_ms = 200;  // 25 bytes take 26 ms at 9600 baud; modules answer in <100 ms
  uint8_t offline_after = 3;        // consecutive failures before a port reads as offline
};

struct PzemStats {
  uint32_t ok = 0, timeouts = 0, bad_crc = 0, other_errors = 0;
};

class PzemMeter : public Meter {
 public:
  PzemMeter(MeterBus& bus, const PzemConfig& config) : bus_(bus), config_(config) {}
  void poll(uint32_t now_ms) override;
  const Measurement& port(uint8_t index) const override { return ports_[index]; }
  const PzemStats& stats() const { return stats_; }

  // Zeroes the energy counter of port index's module (its epoch follows).
  bool reset_energy(uint8_t index);
  // With exactly one module on the bus: gives it `addr` (1..kPorts), reads it
  // back at the new address and confirms. False while another job runs.
  bool assign_address(uint8_t addr);
  PzemJobState job_state() const { return job_state_; }
  bool start_job(MeterJob job, uint8_t port) override {
    return job == MeterJob::kAssignAddress ? assign_address(port)
                                           : port >= 1 && reset_energy(static_cast<uint8_t>(port - 1));
  }
  const MeterJobStatus& job_status() const override { return status_; }
  uint32_t errors() const override { return stats_.timeouts + stats_.bad_crc + stats_.other_errors; }

 private:
  enum class Job : uint8_t { kNone, kResetEnergy, kAssignAddress, kReadBack };
  void send_request(uint32_t now_ms);
  void finish(bool ok, uint32_t now_ms);
  bool queue(Job job, uint8_t addr);
  void send_job(uint32_t now_ms);
  void poll_job(uint32_t now_ms);
  void end_job(JobOutcome outcome);

  MeterBus& bus_;
  PzemConfig config_;
  Measurement ports_[kPorts];
  uint8_t failures_[kPorts] = {};
  PzemStats stats_;
  bool waiting_ = false;
  bool started_ = false;
  uint8_t index_ = 0;            // port being read in this round
  uint32_t round_start_ms_ = 0;
  uint32_t sent_ms_ = 0;
  uint8_t rx_[5 + 2 * kPzemRegisterCount];
  size_t rx_len_ = 0;
  Job job_ = Job::kNone;
  PzemJobState job_state_ = PzemJobState::kIdle;
  uint8_t job_addr_ = 0;
  bool job_waiting_ = false;
  uint8_t job_request_[kModbusRequestLen];
  MeterJobStatus status_;
};

}  // namespace mp
