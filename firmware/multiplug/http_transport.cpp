#include "http_transport.h"

#include "log.h"

static const char TAG[] = "http";

bool HttpTransport::configure() {
  const char* u = config_.url;
  if (strncmp(u, "https://", 8) == 0) {
    tls_ = true;
    port_ = 443;
    u += 8;
  } else if (strncmp(u, "http://", 7) == 0) {
    tls_ = false;
    port_ = 80;
    u += 7;
  } else {
    return false;
  }
  size_t host_len = strcspn(u, ":/");
  if (host_len == 0 || host_len >= sizeof host_) return false;
  memcpy(host_, u, host_len);
  host_[host_len] = '\0';
  u += host_len;
  if (*u == ':') {
    port_ = static_cast<uint16_t>(strtoul(u + 1, nullptr, 10));
    u += strcspn(u, "/");
  }
  snprintf(base_, sizeof base_, "%s", u);
  size_t n = strlen(base_);
  if (n && base_[n - 1] == '/') base_[n - 1] = '\0';  // ".../" + "/api" must not double the slash
  if (tls_) {
    if (config_.fingerprint[0]) secure_.setFingerprint(config_.fingerprint);
    else secure_.setInsecure();  // encrypted but unauthenticated: see README, "Security"
    // Ask for 1 KB TLS records: saves ~15 KB of RAM when the server agrees.
    if (secure_.probeMaxFragmentLength(host_, port_, 1024)) secure_.setBufferSizes(1024, 1024);
    client_ = &secure_;
  } else {
    client_ = &plain_;
  }
  client_->setTimeout(5000);
  return true;
}

bool HttpTransport::begin(const char* method, const char* path, const char* body, size_t body_len,
                          char* answer, size_t answer_cap) {
  if (!client_ || busy_) return false;
  if (!client_->connect(host_, port_)) {  // blocks: TCP connect + TLS handshake, <= 5 s
    mp::logf(TAG, "connect %s:%u failed", host_, port_);
    return false;
  }
  char head[256];
  int n = snprintf(head, sizeof head,
                   "%s %s%s HTTP/1.0\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %u\r\nConnection: close\r\n\r\n",
                   method, base_, path, host_, config_.token, static_cast<unsigned>(body_len));
  bool sent = n > 0 && static_cast<size_t>(n) < sizeof head &&
              client_->write(reinterpret_cast<const uint8_t*>(head), n) == static_cast<size_t>(n) &&
              (!body_len || client_->write(reinterpret_cast<const uint8_t*>(body), body_len) == body_len);
  if (!sent) {
    client_->stop();
    return false;
  }
  busy_ = true;
  in_body_ = false;
  status_ = -1;
  retry_after_s_ = 0;
  line_len_ = 0;
  answer_ = answer;
  answer_cap_ = answer_cap;
  answer_len_ = 0;
  started_ms_ = millis();
  timeout_ms_ = strcmp(method, "GET") == 0 ? 35000 : 15000;  // long-poll waits up to 25 s
  return true;
}

void HttpTransport::header_line(const char* line) {
  if (status_ < 0) {
    // "HTTP/1.1 200 OK"
    const char* sp = strchr(line, ' ');
    status_ = sp ? atoi(sp + 1) : 0;
  } else if (strncasecmp(line, "Retry-After:", 12) == 0) {
    retry_after_s_ = strtoul(line + 12, nullptr, 10);  // seconds form only; a date reads as 0
  }
}

mp::HttpPoll HttpTransport::done(mp::HttpAnswer& out, int status) {
  client_->stop();
  busy_ = false;
  out.status = status;
  out.retry_after_s = retry_after_s_;
  out.body_len = answer_len_;
  return mp::HttpPoll::kDone;
}

mp::HttpPoll HttpTransport::poll(mp::HttpAnswer& out) {
  if (!busy_) return done(out, -1);
  // Read what has arrived, a bounded amount per pass so the loop keeps turning.
  for (int budget = 512; budget > 0 && client_->available() > 0; budget--) {
    char c = static_cast<char>(client_->read());
    if (in_body_) {
      if (answer_len_ < answer_cap_) answer_[answer_len_++] = c;  // the rest is dropped: parser copes
      continue;
    }
    if (c == '\r') continue;
    if (c != '\n') {
      if (line_len_ < sizeof line_ - 1) line_[line_len_++] = c;
      continue;
    }
    line_[line_len_] = '\0';
    if (line_len_ == 0) in_body_ = true; else header_line(line_);
    line_len_ = 0;
  }
  if (!client_->connected() && client_->available() == 0) return done(out, in_body_ ? status_ : -1);
  if (millis() - started_ms_ > timeout_ms_) {
    mp::logf(TAG, "answer timed out");
    return done(out, -1);
  }
  return mp::HttpPoll::kBusy;
}

void HttpTransport::cancel() {
  if (client_) client_->stop();
  busy_ = false;
}
