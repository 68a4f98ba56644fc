// A fake network + server: answers the device's requests as the real server
// would (docs/device-api.md), deduplicating frames by ts, and can be taken
// down, made slow, or told to answer with a given status.
#pragma once
#include <stdlib.h>
#include <string.h>

#include <deque>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "fakes.h"
#include "transport.h"

struct FakeCommand {
  std::string id;
  int port;
  bool on;
  int64_t expires;
  bool override_trip = false;
  std::string action = {};  // a meter command ("assign_address", ...): sent without "on"
};

struct FakeServer : mp::Transport {
  FakeClock& clock;
  int64_t epoch_at_zero;     // server wall clock = epoch_at_zero + fake millis
  bool up = true;
  std::deque<int> forced_status;   // answered (and consumed) to the next uploads
  uint32_t retry_after_s = 0;
  uint32_t latency_ms = 100;
  // A blocking TCP/TLS connect: begin() returns only after this much time,
  // during which `blocked` runs (the SDK's timers, i.e. the sketch's ticker).
  uint32_t connect_block_ms = 0;
  std::function<void(uint32_t)> blocked;

  // What arrived.
  std::map<uint64_t, int> frames_by_ts;  // ts -> times received
  std::set<uint32_t> seqs;
  std::vector<uint64_t> order;           // ts in arrival order
  std::vector<std::string> bodies;
  std::vector<std::string> acks, refused;
  std::map<std::string, int64_t> reported_at;  // id -> server time its ack or refusal arrived
  std::vector<uint32_t> dropped_reports;
  int posts = 0, polls = 0, duplicates = 0;

  // Connections, for counting TCP + TLS handshakes. keep_alive: the client
  // reuses its connection (HTTP/1.1) unless it cancelled a request or the
  // server closed it (down, or idle longer than Node's keepAliveTimeout).
  bool keep_alive = true;
  uint32_t idle_close_ms = 5000;
  int handshakes = 0;
  std::vector<FakeCommand> pending;

  FakeServer(FakeClock& c, int64_t epoch) : clock(c), epoch_at_zero(epoch) {}

  int64_t now_epoch() const { return epoch_at_zero + clock.now; }

  bool begin(const char* method, const char* path, const char* body, size_t len, char* answer,
             size_t cap) override {
    bool reuse = connected_ && keep_alive && clock.now - idle_since_ < idle_close_ms;
    if (!reuse) {
      handshakes++;
      if (connect_block_ms && blocked) blocked(connect_block_ms);
    }
    connected_ = up;
    const char* w = path ? strstr(path, "wait=") : nullptr;
    wait_ms_ = w ? static_cast<uint32_t>(atoi(w + 5)) * 1000u : 25000u;
    busy_ = true;
    get_ = strcmp(method, "GET") == 0;
    started_ = clock.now;
    body_.assign(body ? body : "", len);
    answer_ = answer;
    cap_ = cap;
    return true;
  }

  mp::HttpPoll poll(mp::HttpAnswer& out) override {
    if (!busy_) return mp::HttpPoll::kDone;
    uint32_t waited = clock.now - started_;
    if (!up) {
      if (waited < 5000) return mp::HttpPoll::kBusy;  // a connect timeout
      busy_ = false;
      connected_ = false;
      out = mp::HttpAnswer{};
      return mp::HttpPoll::kDone;
    }
    if (waited < latency_ms) return mp::HttpPoll::kBusy;
    if (get_ && pending.empty() && waited < wait_ms_) return mp::HttpPoll::kBusy;  // long-poll
    busy_ = false;
    idle_since_ = clock.now;
    out = mp::HttpAnswer{};
    if (!get_ && !forced_status.empty()) {
      out.status = forced_status.front();
      forced_status.pop_front();
      out.retry_after_s = retry_after_s;
      bodies.push_back(body_);
      reply("{\"error\":{\"code\":\"x\",\"message\":\"forced\"}}", out);
      return mp::HttpPoll::kDone;
    }
    if (get_) {
      polls++;
    } else {
      ingest();
    }
    out.status = 200;
    std::string r = std::string(get_ ? "{" : "{\"accepted\":1,") + "\"commands\":[";
    for (size_t i = 0; i < pending.size(); i++) {
      const FakeCommand& c = pending[i];
      r += (i ? "," : "") + std::string("{\"id\":\"") + c.id + "\",";
      if (!c.action.empty()) r += "\"action\":\"" + c.action + "\",";
      r += "\"port\":" + std::to_string(c.port);
      if (c.action.empty()) r += std::string(",\"on\":") + (c.on ? "true" : "false");
      r += ",\"expires\":" + std::to_string(c.expires) + (c.override_trip ? ",\"override\":true}" : "}");
    }
    pending.clear();
    r += "],\"server_time\":" + std::to_string(now_epoch()) + "}";
    reply(r, out);
    return mp::HttpPoll::kDone;
  }

  void cancel() override {
    busy_ = false;
    connected_ = false;  // a request cut off mid-way leaves the connection unusable
  }

  bool received_exactly_once(uint64_t ts) const {
    auto it = frames_by_ts.find(ts);
    return it != frames_by_ts.end() && it->second == 1;
  }

 private:
  void reply(const std::string& r, mp::HttpAnswer& out) {
    size_t n = r.size() < cap_ ? r.size() : cap_;
    memcpy(answer_, r.data(), n);
    out.body_len = n;
  }

  static uint64_t number_after(const std::string& s, size_t pos) { return strtoull(s.c_str() + pos, nullptr, 10); }

  static void ids_after(const std::string& s, const char* key, std::vector<std::string>& out) {
    size_t p = s.find(key);
    if (p == std::string::npos) return;
    size_t end = s.find(']', p);
    for (size_t q = s.find('"', p + strlen(key)); q < end; q = s.find('"', q + 1)) {
      size_t close = s.find('"', q + 1);
      out.push_back(s.substr(q + 1, close - q - 1));
      q = close;
    }
  }

  // Enough JSON for our own encoder's output: frames start with {"ts":
  void ingest() {
    posts++;
    bodies.push_back(body_);
    for (size_t p = body_.find("{\"ts\":"); p != std::string::npos; p = body_.find("{\"ts\":", p + 1)) {
      uint64_t ts = number_after(body_, p + 6);
      if (frames_by_ts[ts]++ > 0) duplicates++;
      order.push_back(ts);
      size_t s = body_.find("\"seq\":", p);
      seqs.insert(static_cast<uint32_t>(number_after(body_, s + 6)));
    }
    size_t d = body_.find("\"dropped\":");
    if (d != std::string::npos) dropped_reports.push_back(static_cast<uint32_t>(number_after(body_, d + 10)));
    size_t before = acks.size() + refused.size();
    ids_after(body_, "\"acks\":[", acks);
    ids_after(body_, "\"refused\":[", refused);
    if (acks.size() + refused.size() != before) {
      for (const std::string& id : acks) reported_at.emplace(id, now_epoch());
      for (const std::string& id : refused) reported_at.emplace(id, now_epoch());
    }
  }

  bool busy_ = false, get_ = false;
  bool connected_ = false;
  uint32_t idle_since_ = 0;
  uint32_t wait_ms_ = 25000;
  uint32_t started_ = 0;
  std::string body_;
  char* answer_ = nullptr;
  size_t cap_ = 0;
};
