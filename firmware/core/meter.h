// Metering seam. The strip's logic sees only Meter; the PZEM-004T bus is one
// front end (pzem.h), and another (e.g. an HLW8012 or an ADS1115 board) can
// be added by implementing these two calls.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

// One port's latest measurement, in fixed-point integers (no floats in the
// data path: exact JSON and no soft-float cost on the lx106).
struct Measurement {
  uint32_t sample_id = 0;      // +1 per fresh sample; lets consumers see each once
  uint32_t taken_ms = 0;       // millis() when it arrived
  bool online = false;         // false after repeated timeouts / bad frames
  uint16_t voltage_dv = 0;     // 0.1 V
  uint32_t current_ma = 0;     // 1 mA
  uint32_t power_dw = 0;       // 0.1 W
  uint32_t energy_wh = 0;      // the module's own counter, 1 Wh
  uint16_t frequency_dhz = 0;  // 0.1 Hz
  uint8_t pf_centi = 0;        // 0.01
};

// Maintenance a server may ask of the meters (device commands), one at a time.
enum class MeterJob : uint8_t { kAssignAddress, kResetEnergy };

enum class JobOutcome : uint8_t {
  kConfirmed,     // done and checked (address read back / reset echoed)
  kNoAnswer,      // no meter answered: none on the bus, or not powered
  kWrongAddress,  // the read-back gave another address than the one written
  kBadAnswer,     // garbled or refused: often two meters answering at once
};

struct MeterJobStatus {
  uint16_t finished = 0;  // +1 per finished job: lets the strip see each outcome once
  bool running = false;
  MeterJob job = MeterJob::kResetEnergy;
  uint8_t port = 0;       // 1..kPorts (for an address: the address written)
  JobOutcome outcome = JobOutcome::kConfirmed;
  uint8_t read_back = 0;  // the address the meter reported (0: none read)
};

class Meter {
 public:
  virtual void poll(uint32_t now_ms) = 0;  // never blocks
  virtual const Measurement& port(uint8_t index) const = 0;
  virtual uint32_t errors() const { return 0; }  // failed requests since boot (health)
  // Starts a job for port 1..kPorts; false when one is running or the front
  // end cannot do it. The outcome shows up in job_status().
  virtual bool start_job(MeterJob job, uint8_t port) {
    (void)job;
    (void)port;
    return false;
  }
  virtual const MeterJobStatus& job_status() const {
    static const MeterJobStatus none;
    return none;
  }

 protected:
  ~Meter() = default;
};

// The UART the meters hang on (9600 8N1 for the PZEM).
class MeterBus {
 public:
  virtual void write(const uint8_t* data, size_t len) = 0;
  virtual size_t read(uint8_t* out, size_t max) = 0;  // what has arrived, never waits
  virtual void discard_input() = 0;

 protected:
  ~MeterBus() = default;
};

}  // namespace mp
