// The network seam: one HTTP request at a time (RAM allows one TLS session
// on the ESP8266), started and then polled so the loop never waits on it.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

struct HttpAnswer {
  int status = -1;             // HTTP status; < 0 = no answer (connect, TLS, timeout)
  uint32_t retry_after_s = 0;  // Retry-After of a 429/503, 0 if none
  size_t body_len = 0;         // bytes stored in the answer buffer (truncated at its size)
};

enum class HttpPoll : uint8_t { kBusy, kDone };

class Transport {
 public:
  // method "POST" or "GET"; body/answer buffers stay valid until done or
  // cancel(). false = could not even start (treated as no answer).
  virtual bool begin(const char* method, const char* path, const char* body, size_t body_len,
                     char* answer, size_t answer_cap) = 0;
  virtual HttpPoll poll(HttpAnswer& out) = 0;
  virtual void cancel() = 0;

 protected:
  ~Transport() = default;
};

// Small, fast PRNG for backoff jitter; seeded from the ESP8266's hardware RNG.
class Jitter {
 public:
  explicit Jitter(uint32_t seed) : state_(seed ? seed : 0x9E3779B9u) {}
  uint32_t next() {  // xorshift32
    state_ ^= state_ << 13;
    state_ ^= state_ >> 17;
    state_ ^= state_ << 5;
    return state_;
  }
  uint32_t between(uint32_t lo, uint32_t hi) { return hi <= lo ? lo : lo + next() % (hi - lo + 1); }

 private:
  uint32_t state_;
};

}  // namespace mp
