// The body of POST /api/v1/readings (docs/device-api.md), written with
// snprintf into a caller's fixed buffer: no heap, no floats. Numbers have
// fixed decimals (voltage 1, current 3, power 1, pf 2, energy_wh integer),
// keys in the contract's order, no spaces, no trailing newline.
#pragma once
#include <stddef.h>

#include "frame.h"
#include "health.h"
#include "id_list.h"
#include "job_results.h"
#include "ring_buffer.h"

namespace mp {

// Sent once per request, on its first frame; `health` also goes on every
// frame without ports (a heartbeat: no meter answered).
struct FrameExtras {
  uint32_t dropped = 0;
  const IdList* acks = nullptr;
  const IdList* refused = nullptr;
  const JobResultList* results = nullptr;
  const Health* health = nullptr;
};

// One frame as a JSON object. Returns its length, or 0 if it did not fit.
size_t encode_frame(char* buf, size_t cap, const Frame& frame, const FrameExtras* extras);

// An array of the oldest stamped frames of the ring, as many as fit in cap
// (at most max_frames). Returns the length (0 if not even one fits) and the
// number of frames encoded in *frames.
size_t encode_batch(char* buf, size_t cap, const FrameRing& ring, uint16_t max_frames,
                    const FrameExtras& extras, uint16_t* frames);

}  // namespace mp
