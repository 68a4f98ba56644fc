#include <string.h>

#include <string>

#include "harness.h"
#include "sha256.h"

using namespace mp;

static std::string hex(const uint8_t* d, size_t n) {
  static const char* digits = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < n; i++) {
    s += digits[d[i] >> 4];
    s += digits[d[i] & 15];
  }
  return s;
}

static std::string sha(const std::string& m) {
  Sha256 h;
  h.update(m.data(), m.size());
  uint8_t out[32];
  h.finish(out);
  return hex(out, 32);
}

TEST(sha256_matches_the_fips_test_vectors) {
  CHECK(sha("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(sha("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(sha(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(hmac_sha256_matches_rfc_4231) {
  uint8_t out[32];
  uint8_t key[20];
  memset(key, 0x0b, sizeof key);
  hmac_sha256(key, sizeof key, "Hi There", 8, out);
  CHECK(hex(out, 32) == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, out);
  CHECK(hex(out, 32) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(each_strip_gets_its_own_ap_password_from_the_makers_secret) {
  char a[13], b[13], c[13];
  ap_password("maker secret", 0xa1b2c3, a);
  ap_password("maker secret", 0xa1b2c4, b);
  ap_password("other secret", 0xa1b2c3, c);
  CHECK_EQ(strlen(a), 12);
  CHECK(strcmp(a, b) != 0);
  CHECK(strcmp(a, c) != 0);
  char again[13];
  ap_password("maker secret", 0xa1b2c3, again);
  CHECK(strcmp(a, again) == 0);
  for (const char* p = a; *p; p++) CHECK(strchr("abcdefghjkmnpqrstuvwxyz23456789", *p) != nullptr);
}
