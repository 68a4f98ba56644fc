#include "json_encoder.h"

#include <stdarg.h>
#include <stdio.h>

namespace mp {

namespace {

// Appends to a fixed buffer; once something does not fit, everything after
// is refused and ok() stays false, so callers check once at the end.
class Writer {
 public:
  Writer(char* buf, size_t cap) : buf_(buf), cap_(cap) {
    if (cap_) buf_[0] = '\0';
  }
  void put(const char* fmt, ...) __attribute__((format(printf, 2, 3))) {
    if (!ok_) return;
    va_list args;
    va_start(args, fmt);
    int n = vsnprintf(buf_ + len_, cap_ - len_, fmt, args);
    va_end(args);
    if (n < 0 || static_cast<size_t>(n) >= cap_ - len_) {
      ok_ = false;
      return;
    }
    len_ += static_cast<size_t>(n);
  }
  void string(const char* s) {
    put("\"");
    for (; *s && ok_; s++) {
      unsigned char c = static_cast<unsigned char>(*s);
      if (c == '"' || c == '\\') put("\\%c", c);
      else if (c < 0x20) put("\\u%04x", c);
      else put("%c", c);
    }
    put("\"");
  }
  void u64(uint64_t v) {
    // By hand: %llu is not in every ESP8266 printf build.
    char digits[21];
    int i = 20;
    digits[i] = '\0';
    do {
      digits[--i] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v);
    put("%s", digits + i);
  }
  bool ok() const { return ok_ && cap_ > 0; }
  size_t len() const { return len_; }

 private:
  char* buf_;
  size_t cap_;
  size_t len_ = 0;
  bool ok_ = true;
};

void id_array(Writer& w, const char* key, const IdList* list) {
  if (!list || list->count == 0) return;
  w.put(",\"%s\":[", key);
  for (uint8_t i = 0; i < list->count; i++) {
    if (i) w.put(",");
    w.string(list->ids[i]);
  }
  w.put("]");
}

// [{"id":"c_x","outcome":"confirmed","read_back":3}]: read_back only when a meter reported one.
void results(Writer& w, const JobResultList* list) {
  if (!list || list->count == 0) return;
  w.put(",\"results\":[");
  for (uint8_t i = 0; i < list->count; i++) {
    const JobResult& r = list->items[i];
    w.put(i ? ",{\"id\":" : "{\"id\":");
    w.string(r.id);
    w.put(",\"outcome\":\"%s\"", result_name(r.code));
    if (r.read_back) w.put(",\"read_back\":%u", r.read_back);
    w.put("}");
  }
  w.put("]");
}

void health(Writer& w, const Health& h) {
  w.put(",\"health\":{");
  if (h.firmware) {
    w.put("\"fw\":");
    w.string(h.firmware);
    w.put(",");
  }
  if (h.has_system) {
    w.put("\"heap\":%lu,\"rssi\":%d,\"reset\":", static_cast<unsigned long>(h.free_heap), h.rssi);
    w.string(h.reset_reason);
    w.put(",");
  }
  w.put("\"uptime_s\":%lu,\"meters_online\":[", static_cast<unsigned long>(h.uptime_s));
  bool first = true;
  for (uint8_t i = 0; i < kPorts; i++) {
    if (!(h.meters_online & (1u << i))) continue;
    w.put(first ? "%u" : ",%u", i + 1u);
    first = false;
  }
  w.put("],\"meter_errors\":%lu,\"refused_readings\":%lu}", static_cast<unsigned long>(h.meter_errors),
        static_cast<unsigned long>(h.refused_readings));
}

void port(Writer& w, uint8_t i, const Frame& f) {
  const PortSample& p = f.ports[i];
  unsigned long power = p.power_dw;
  w.put("{\"port\":%u,\"voltage\":%u.%u,\"current\":%u.%03u,\"power\":%lu.%lu,\"pf\":%u.%02u,"
        "\"energy_wh\":%lu,\"epoch\":%u,\"relay\":%s}",
        i + 1u, p.voltage_dv / 10u, p.voltage_dv % 10u, p.current_ma / 1000u, p.current_ma % 1000u,
        power / 10u, power % 10u, p.pf_centi / 100u, p.pf_centi % 100u,
        static_cast<unsigned long>(p.energy_wh), f.epoch[i], f.relay(i) ? "true" : "false");
}

void frame(Writer& w, const Frame& f, const FrameExtras* extras) {
  w.put("{\"ts\":");
  w.u64(f.time_ms());
  w.put(",\"seq\":%lu", static_cast<unsigned long>(f.seq));
  if (extras) {
    if (extras->dropped) w.put(",\"dropped\":%lu", static_cast<unsigned long>(extras->dropped));
    id_array(w, "acks", extras->acks);
    id_array(w, "refused", extras->refused);
    results(w, extras->results);
    if (extras->health) health(w, *extras->health);
  }
  w.put(",\"ports\":[");
  bool first = true;
  for (uint8_t i = 0; i < kPorts; i++) {
    if (!f.has(i)) continue;  // an offline meter's port is left out, not faked
    if (!first) w.put(",");
    first = false;
    port(w, i, f);
  }
  w.put("]}");
}

}  // namespace

size_t encode_frame(char* buf, size_t cap, const Frame& f, const FrameExtras* extras) {
  Writer w(buf, cap);
  frame(w, f, extras);
  return w.ok() ? w.len() : 0;
}

size_t encode_batch(char* buf, size_t cap, const FrameRing& ring, uint16_t max_frames,
                    const FrameExtras& extras, uint16_t* frames) {
  *frames = 0;
  uint16_t ready = ring.stamped_prefix();
  if (max_frames > ready) max_frames = ready;
  if (cap < 2 || max_frames == 0) return 0;
  size_t len = 1;
  buf[0] = '[';
  for (uint16_t i = 0; i < max_frames; i++) {
    if (i) {
      if (len + 1 >= cap - 1) break;
      buf[len] = ',';
    }
    size_t start = i ? len + 1 : len;
    // Leave room for the closing ']' and the NUL.
    const Frame& f = ring.at(i);
    FrameExtras beat;
    beat.health = extras.health;
    const FrameExtras* with = i == 0 ? &extras : (f.masks & 0x0F) == 0 ? &beat : nullptr;
    size_t n = encode_frame(buf + start, cap - start - 1, f, with);
    if (n == 0) break;
    len = start + n;
    (*frames)++;
  }
  if (*frames == 0) return 0;
  buf[len++] = ']';
  buf[len] = '\0';
  return len;
}

}  // namespace mp
