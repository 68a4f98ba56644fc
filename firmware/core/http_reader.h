// Reads one HTTP/1.1 response from a kept-alive connection, a byte at a time
// as it arrives, and says exactly where it ends: with Content-Length, with
// chunked transfer coding, or (no length) when the server closes. Knowing the
// end is what lets the next request reuse the connection instead of paying a
// new TCP + TLS handshake.
#pragma once
#include <stddef.h>
#include <stdint.h>

namespace mp {

class HttpReader {
 public:
  enum class State : uint8_t { kHead, kBody, kDone, kError };

  // body/cap: where the body goes; what does not fit is read and dropped.
  void start(char* body, size_t cap);
  // Consumes bytes up to the end of this response; returns how many it used.
  size_t feed(const char* data, size_t len);
  // The server closed the connection: ends a body without a length.
  void closed();

  State state() const { return state_; }
  int status() const { return status_; }
  uint32_t retry_after_s() const { return retry_after_s_; }
  size_t body_len() const { return body_len_; }
  // False when the server said "Connection: close", spoke HTTP/1.0 without
  // keep-alive, or the body ran to the close: open a new connection next time.
  bool reusable() const { return state_ == State::kDone && keep_alive_ && !until_close_; }

 private:
  enum class Chunk : uint8_t { kSize, kSizeExt, kSizeLf, kData, kDataCr, kDataLf, kTrailer };
  void header(const char* line);
  void head_done();
  void byte(char c);
  void store(char c);

  State state_ = State::kDone;
  char* body_ = nullptr;
  size_t cap_ = 0, body_len_ = 0;
  char line_[128];
  size_t line_len_ = 0;
  int status_ = -1;
  uint32_t retry_after_s_ = 0;
  bool keep_alive_ = true, chunked_ = false, until_close_ = false, has_length_ = false;
  uint32_t remaining_ = 0;
  Chunk chunk_ = Chunk::kSize;
};

}  // namespace mp
