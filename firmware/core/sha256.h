// SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104), small and allocation-free:
// for secrets derived on the strip and checked by the same code on the host.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, size_t len);
  void finish(uint8_t out[32]);

 private:
  void block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buf_[64];
  size_t buf_len_ = 0;
  uint64_t total_ = 0;
};

void hmac_sha256(const void* key, size_t key_len, const void* msg, size_t msg_len, uint8_t out[32]);

// The set-up AP's password for one strip: HMAC-SHA256(maker secret, "ap:" +
// chip id in hex), 12 characters of an alphabet without look-alikes. The
// maker prints it on the strip's label (`make ap-password`); it is never
// stored or shown by the strip. out must hold 13 bytes.
void ap_password(const char* secret, uint32_t chip_id, char* out);

}  // namespace mp
