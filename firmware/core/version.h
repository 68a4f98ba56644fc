// The firmware's version, reported in every health object ("fw") so the strip's page
// says which build a strip runs. Raise it with every release.
#pragma once

namespace mp {

constexpr const char* kFirmwareVersion = "1.0.0";

}  // namespace mp
