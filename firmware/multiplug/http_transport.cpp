#include "http_transport.h"

#include <time.h>

#include "log.h"
#include "trust_anchors.h"

static const char TAG[] = "http";
constexpr time_t kClockValid = 1700000000;  // before this, NTP has not set the clock

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
  if (client_) client_->stop();
  reusable_ = false;
  if (tls_) {
    if (!anchors_) anchors_ = new BearSSL::X509List(kTrustAnchors);
    if (!secure_) secure_ = new BearSSL::WiFiClientSecure();
    secure_->setTrustAnchors(anchors_);
    secure_->setSession(&session_);
    client_ = secure_;
  } else {
    client_ = &plain_;
  }
  // Only the plain client takes this: BearSSL::WiFiClientSecure forwards I/O
  // to an inner context whose own 15 s timeout (3.1.x: not settable) bounds its
  // TCP connect and handshake. Stream::setTimeout is not virtual.
  plain_.setTimeout(5000);
  // Head and body go out as two writes: Nagle would hold the body back until
  // the head's ACK. setNoDelay() through the WiFiClient* is a no-op on the TLS
  // wrapper (its own socket is unused), the default reaches both clients.
  WiFiClient::setDefaultNoDelay(true);
  return true;
}

bool HttpTransport::connect() {
  if (tls_) {
    time_t now = time(nullptr);
    if (now < kClockValid) {
      mp::logf(TAG, "no NTP time yet: cannot check the certificate");
      return false;
    }
    secure_->setX509Time(now);
    // Ask for 1 KB TLS records: saves ~15 KB of RAM when the server agrees.
    if (handshakes_ == 0 && secure_->probeMaxFragmentLength(host_, port_, 1024)) secure_->setBufferSizes(1024, 1024);
  }
  handshakes_++;
  // Blocks: DNS, TCP connect and TLS handshake, each bounded by the core
  // (plain: 5 s each; TLS: DNS 10 s, connect and handshake 15 s; see configure()).
  if (!client_->connect(host_, port_)) {
    mp::logf(TAG, "connect %s:%u failed", host_, port_);
    return false;
  }
  return true;
}

bool HttpTransport::begin(const char* method, const char* path, const char* body, size_t body_len,
                          char* answer, size_t answer_cap) {
  if (!client_ || busy_) return false;
  if (!(reusable_ && client_->connected())) {
    client_->stop();
    if (!connect()) return false;
  }
  char head[256];
  int n = snprintf(head, sizeof head,
                   "%s %s%s HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"
                   "Content-Type: application/json\r\nContent-Length: %u\r\n\r\n",
                   method, base_, path, host_, config_.token, static_cast<unsigned>(body_len));
  bool sent = n > 0 && static_cast<size_t>(n) < sizeof head &&
              client_->write(reinterpret_cast<const uint8_t*>(head), n) == static_cast<size_t>(n) &&
              (!body_len || client_->write(reinterpret_cast<const uint8_t*>(body), body_len) == body_len);
  if (!sent) {
    client_->stop();
    reusable_ = false;
    return false;
  }
  busy_ = true;
  reader_.start(answer, answer_cap);
  started_ms_ = millis();
  timeout_ms_ = strcmp(method, "GET") == 0 ? 35000 : 15000;  // a long-poll waits up to 25 s
  return true;
}

mp::HttpPoll HttpTransport::done(mp::HttpAnswer& out, int status) {
  reusable_ = status > 0 && reader_.reusable();
  if (!reusable_) client_->stop();
  busy_ = false;
  out.status = status;
  out.retry_after_s = reader_.retry_after_s();
  out.body_len = reader_.body_len();
  return mp::HttpPoll::kDone;
}

mp::HttpPoll HttpTransport::poll(mp::HttpAnswer& out) {
  if (!busy_) return done(out, -1);
  // Read what has arrived, a bounded amount per pass so the loop keeps turning.
  char chunk[128];
  for (int budget = 4; budget > 0 && client_->available() > 0; budget--) {
    int got = client_->read(reinterpret_cast<uint8_t*>(chunk), sizeof chunk);
    if (got <= 0) break;
    reader_.feed(chunk, static_cast<size_t>(got));  // one request in flight: nothing follows it
    if (reader_.state() != mp::HttpReader::State::kHead && reader_.state() != mp::HttpReader::State::kBody) break;
  }
  if (reader_.state() == mp::HttpReader::State::kDone) return done(out, reader_.status());
  if (reader_.state() == mp::HttpReader::State::kError) return done(out, -1);
  if (!client_->connected() && client_->available() == 0) {
    reader_.closed();
    return done(out, reader_.state() == mp::HttpReader::State::kDone ? reader_.status() : -1);
  }
  if (millis() - started_ms_ > timeout_ms_) {
    mp::logf(TAG, "answer timed out");
    return done(out, -1);
  }
  return mp::HttpPoll::kBusy;
}

void HttpTransport::cancel() {
  if (client_) client_->stop();
  reusable_ = false;
  busy_ = false;
}
