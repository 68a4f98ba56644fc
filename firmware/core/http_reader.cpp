#include "http_reader.h"

#include <stdlib.h>
#include <string.h>

namespace mp {

static bool starts_with(const char* s, const char* prefix) {
  for (; *prefix; s++, prefix++) {
    char a = *s >= 'A' && *s <= 'Z' ? static_cast<char>(*s + 32) : *s;
    if (a != *prefix) return false;
  }
  return true;
}

static const char* value_of(const char* line) {
  const char* v = strchr(line, ':');
  if (!v) return "";
  for (v++; *v == ' ' || *v == '\t'; v++) {}
  return v;
}

void HttpReader::start(char* body, size_t cap) {
  state_ = State::kHead;
  body_ = body;
  cap_ = cap;
  body_len_ = line_len_ = 0;
  status_ = -1;
  retry_after_s_ = 0;
  keep_alive_ = true;
  chunked_ = until_close_ = has_length_ = false;
  remaining_ = 0;
  chunk_ = Chunk::kSize;
}

void HttpReader::header(const char* line) {
  if (status_ < 0) {
    // "HTTP/1.1 200 OK"; HTTP/1.0 closes unless it says keep-alive.
    if (!starts_with(line, "http/1.")) {
      state_ = State::kError;
      return;
    }
    keep_alive_ = line[7] != '0';
    const char* sp = strchr(line, ' ');
    status_ = sp ? atoi(sp + 1) : 0;
  } else if (starts_with(line, "content-length:")) {
    has_length_ = true;
    remaining_ = static_cast<uint32_t>(strtoul(value_of(line), nullptr, 10));
  } else if (starts_with(line, "transfer-encoding:")) {
    chunked_ = strstr(value_of(line), "chunked") != nullptr;
  } else if (starts_with(line, "connection:")) {
    const char* v = value_of(line);
    if (starts_with(v, "close")) keep_alive_ = false;
    if (starts_with(v, "keep-alive")) keep_alive_ = true;
  } else if (starts_with(line, "retry-after:")) {
    retry_after_s_ = static_cast<uint32_t>(strtoul(value_of(line), nullptr, 10));  // a date reads as 0
  }
}

void HttpReader::head_done() {
  // 1xx, 204 and 304 have no body.
  if (status_ < 200 || status_ == 204 || status_ == 304) {
    state_ = status_ >= 100 && status_ < 200 ? State::kHead : State::kDone;
    if (state_ == State::kHead) status_ = -1;  // "100 Continue": the real head follows
    return;
  }
  state_ = State::kBody;
  if (chunked_) return;
  if (!has_length_) {
    until_close_ = true;
    return;
  }
  if (remaining_ == 0) state_ = State::kDone;
}

void HttpReader::store(char c) {
  if (body_len_ < cap_) body_[body_len_] = c;
  if (body_len_ < cap_) body_len_++;
}

void HttpReader::byte(char c) {
  if (state_ == State::kHead) {
    if (c == '\r') return;
    if (c != '\n') {
      if (line_len_ < sizeof line_ - 1) line_[line_len_++] = c;
      return;
    }
    line_[line_len_] = '\0';
    if (line_len_ == 0 && status_ >= 0) head_done();
    else if (line_len_) header(line_);
    line_len_ = 0;
    return;
  }
  if (!chunked_) {
    store(c);
    if (!until_close_ && --remaining_ == 0) state_ = State::kDone;
    return;
  }
  switch (chunk_) {
    case Chunk::kSize:
    case Chunk::kSizeExt:
      if (c == '\r') {
        chunk_ = Chunk::kSizeLf;
      } else if (chunk_ == Chunk::kSize && ((c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f'))) {
        uint32_t digit = c <= '9' ? static_cast<uint32_t>(c - '0') : static_cast<uint32_t>((c | 32) - 'a' + 10);
        remaining_ = remaining_ * 16 + digit;
      } else if (c == ';' || c == ' ') {
        chunk_ = Chunk::kSizeExt;
      } else if (chunk_ == Chunk::kSize) {
        state_ = State::kError;
      }
      return;
    case Chunk::kSizeLf:
      if (c != '\n') {
        state_ = State::kError;
      } else if (remaining_ == 0) {
        chunk_ = Chunk::kTrailer;  // the last chunk: trailers end with an empty line
        line_len_ = 0;
      } else {
        chunk_ = Chunk::kData;
      }
      return;
    case Chunk::kData:
      store(c);
      if (--remaining_ == 0) chunk_ = Chunk::kDataCr;
      return;
    case Chunk::kDataCr:
      chunk_ = c == '\r' ? Chunk::kDataLf : (state_ = State::kError, chunk_);
      return;
    case Chunk::kDataLf:
      if (c != '\n') state_ = State::kError;
      chunk_ = Chunk::kSize;
      return;
    case Chunk::kTrailer:
      if (c == '\r') return;
      if (c == '\n') {
        if (line_len_ == 0) state_ = State::kDone;
        line_len_ = 0;
      } else {
        line_len_++;
      }
      return;
  }
}

size_t HttpReader::feed(const char* data, size_t len) {
  size_t used = 0;
  while (used < len && (state_ == State::kHead || state_ == State::kBody)) byte(data[used++]);
  return used;
}

void HttpReader::closed() {
  if (state_ == State::kBody && until_close_) state_ = State::kDone;
  else if (state_ == State::kHead || state_ == State::kBody) state_ = State::kError;
}

}  // namespace mp
