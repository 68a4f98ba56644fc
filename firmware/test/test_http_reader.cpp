#include <string.h>

#include <string>

#include "harness.h"
#include "http_reader.h"

using namespace mp;

static size_t feed(HttpReader& r, const std::string& s) { return r.feed(s.data(), s.size()); }

TEST(a_response_with_content_length_ends_exactly_at_its_body_and_keeps_the_connection) {
  char body[64];
  HttpReader r;
  r.start(body, sizeof body);
  std::string two =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 13\r\n\r\n{\"commands\":[]"
      "HTTP/1.1 200 OK\r\n";
  size_t used = feed(r, two);
  CHECK(r.state() == HttpReader::State::kDone);
  CHECK_EQ(used, two.size() - strlen("HTTP/1.1 200 OK\r\n") - 1);
  CHECK_EQ(r.status(), 200);
  CHECK_EQ(r.body_len(), 13);
  CHECK(std::string(body, r.body_len()) == "{\"commands\":[");
  CHECK(r.reusable());
}

TEST(bytes_arriving_one_at_a_time_give_the_same_answer) {
  char body[64];
  HttpReader r;
  r.start(body, sizeof body);
  std::string s = "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 120\r\ncontent-length: 2\r\n\r\n{}";
  for (char c : s) r.feed(&c, 1);
  CHECK(r.state() == HttpReader::State::kDone);
  CHECK_EQ(r.status(), 429);
  CHECK_EQ(r.retry_after_s(), 120);
  CHECK_EQ(r.body_len(), 2);
}

TEST(a_chunked_body_is_decoded_and_its_end_found) {
  char body[64];
  HttpReader r;
  r.start(body, sizeof body);
  std::string s = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"a\":\r\na;x=y\r\n1234567890\r\n2\r\n}}\r\n0\r\n\r\nNEXT";
  size_t used = feed(r, s);
  CHECK(r.state() == HttpReader::State::kDone);
  CHECK_EQ(used, s.size() - 4);
  CHECK(std::string(body, r.body_len()) == "{\"a\":1234567890}}");
  CHECK(r.reusable());
}

TEST(connection_close_http_1_0_and_a_body_to_the_close_are_not_reusable) {
  char body[64];
  HttpReader r;
  r.start(body, sizeof body);
  feed(r, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\n{}");
  CHECK(r.state() == HttpReader::State::kDone);
  CHECK(!r.reusable());
  r.start(body, sizeof body);
  feed(r, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\n{}");
  CHECK(!r.reusable());
  r.start(body, sizeof body);
  feed(r, "HTTP/1.1 200 OK\r\n\r\n{\"x\":1}");
  CHECK(r.state() == HttpReader::State::kBody);
  r.closed();
  CHECK(r.state() == HttpReader::State::kDone);
  CHECK_EQ(r.body_len(), 7);
  CHECK(!r.reusable());
}

TEST(a_body_longer_than_the_buffer_is_read_to_its_end_and_truncated) {
  char body[8];
  HttpReader r;
  r.start(body, sizeof body);
  std::string s = "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n01234567890123456789";
  CHECK_EQ(feed(r, s), s.size());
  CHECK(r.state() == HttpReader::State::kDone);
  CHECK_EQ(r.body_len(), 8);
  CHECK(r.reusable());
}

TEST(a_connection_closed_mid_body_or_garbage_is_an_error) {
  char body[8];
  HttpReader r;
  r.start(body, sizeof body);
  feed(r, "HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n0123");
  r.closed();
  CHECK(r.state() == HttpReader::State::kError);
  r.start(body, sizeof body);
  feed(r, "SSH-2.0-OpenSSH\r\n");
  CHECK(r.state() == HttpReader::State::kError);
}
