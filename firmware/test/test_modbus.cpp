#include "crc.h"
#include "fake_pzem_bus.h"
#include "harness.h"
#include "modbus.h"
#include "pzem.h"

using namespace mp;

TEST(crc16_matches_the_modbus_check_value) {
  const char* digits = "123456789";
  CHECK_EQ(crc16_modbus(reinterpret_cast<const uint8_t*>(digits), 9), 0x4B37);
}

TEST(crc32_matches_the_ieee_check_value) { CHECK_EQ(crc32("123456789", 9), 0xCBF43926u); }

TEST(read_request_for_a_pzem_is_the_documented_frame) {
  uint8_t req[8];
  CHECK_EQ(modbus_read_input_request(1, 0, 10, req), 8);
  const uint8_t expected[8] = {0x01, 0x04, 0x00, 0x00, 0x00, 0x0A, 0x70, 0x0D};
  for (int i = 0; i < 8; i++) CHECK_EQ(req[i], expected[i]);
}

static size_t pzem_answer(uint8_t addr, uint8_t* out) {
  FakePzemBus bus;
  bus.modules[addr - 1].voltage_dv = 2298;
  bus.modules[addr - 1].current_ma = 70000;  // > 16 bits: exercises the word order
  bus.modules[addr - 1].power_dw = 984;
  bus.modules[addr - 1].energy_wh = 123456;
  bus.modules[addr - 1].pf_centi = 84;
  uint8_t req[8];
  modbus_read_input_request(addr, 0, 10, req);
  bus.write(req, 8);
  size_t n = 0;
  while (size_t got = bus.read(out + n, 25 - n)) n += got;
  return n;
}

TEST(a_pzem_answer_decodes_into_fixed_point_fields) {
  uint8_t rx[25];
  CHECK_EQ(pzem_answer(2, rx), 25);
  CHECK(modbus_check_read_input(rx, 25, 2, 10, nullptr) == ModbusStatus::kOk);
  Measurement m;
  pzem_decode(rx + 3, m);
  CHECK_EQ(m.voltage_dv, 2298);
  CHECK_EQ(m.current_ma, 70000);
  CHECK_EQ(m.power_dw, 984);
  CHECK_EQ(m.energy_wh, 123456);
  CHECK_EQ(m.frequency_dhz, 500);
  CHECK_EQ(m.pf_centi, 84);
}

TEST(a_partial_answer_is_incomplete_and_a_flipped_bit_is_a_bad_crc) {
  uint8_t rx[25];
  pzem_answer(1, rx);
  CHECK(modbus_check_read_input(rx, 0, 1, 10, nullptr) == ModbusStatus::kIncomplete);
  CHECK(modbus_check_read_input(rx, 24, 1, 10, nullptr) == ModbusStatus::kIncomplete);
  rx[7] ^= 0x40;
  CHECK(modbus_check_read_input(rx, 25, 1, 10, nullptr) == ModbusStatus::kBadCrc);
}

TEST(an_answer_from_another_address_or_function_is_refused) {
  uint8_t rx[25];
  pzem_answer(3, rx);
  CHECK(modbus_check_read_input(rx, 25, 1, 10, nullptr) == ModbusStatus::kWrongAddress);
  rx[1] = 0x03;
  CHECK(modbus_check_read_input(rx, 25, 3, 10, nullptr) == ModbusStatus::kWrongFunction);
}

TEST(an_exception_answer_reports_its_code) {
  uint8_t rx[5] = {0x01, 0x84, 0x02, 0, 0};
  uint16_t crc = crc16_modbus(rx, 3);
  rx[3] = crc & 0xFF;
  rx[4] = crc >> 8;
  uint8_t code = 0;
  CHECK(modbus_check_read_input(rx, 5, 1, 10, &code) == ModbusStatus::kException);
  CHECK_EQ(code, 2);
}

TEST(setting_an_address_writes_register_2_through_the_general_address) {
  uint8_t req[8];
  CHECK_EQ(pzem_set_address_request(3, req), 8);
  CHECK_EQ(req[0], 0xF8);
  CHECK_EQ(req[1], 0x06);
  CHECK_EQ(req[3], 0x02);
  CHECK_EQ(req[5], 3);
  CHECK(pzem_check_set_address_reply(req, 8, req) == ModbusStatus::kOk);  // the module echoes
  uint8_t wrong[8];
  pzem_set_address_request(4, wrong);
  CHECK(pzem_check_set_address_reply(wrong, 8, req) != ModbusStatus::kOk);
  CHECK(pzem_check_set_address_reply(req, 5, req) == ModbusStatus::kIncomplete);
}

static void run_meter(PzemMeter& meter, uint32_t& now, uint32_t until) {
  for (; now < until; now += 5) meter.poll(now);
}

TEST(the_meter_reads_all_four_modules_without_blocking) {
  FakePzemBus bus;
  for (int i = 0; i < 4; i++) bus.modules[i].power_dw = 100u * (i + 1);
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 0;
  run_meter(meter, now, 500);
  for (uint8_t i = 0; i < 4; i++) {
    CHECK(meter.port(i).online);
    CHECK_EQ(meter.port(i).power_dw, 100u * (i + 1));
    CHECK_EQ(meter.port(i).sample_id, 1);
  }
  run_meter(meter, now, 1500);
  CHECK_EQ(meter.port(0).sample_id, 2);  // one round per second
}

TEST(a_silent_module_times_out_and_goes_offline_after_three_rounds) {
  FakePzemBus bus;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 0;
  run_meter(meter, now, 500);
  CHECK(meter.port(2).online);
  bus.modules[2].present = false;
  run_meter(meter, now, 2500);
  CHECK(meter.port(2).online);  // two misses are tolerated
  run_meter(meter, now, 3500);
  CHECK(!meter.port(2).online);
  CHECK(meter.port(3).online);  // the others are unaffected
  CHECK_EQ(meter.stats().timeouts, 3);
}

TEST(a_corrupted_answer_is_counted_and_not_used) {
  FakePzemBus bus;
  bus.modules[0].power_dw = 10;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 0;
  run_meter(meter, now, 500);
  bus.modules[0].power_dw = 20;
  bus.modules[0].corrupt_next = true;
  run_meter(meter, now, 1500);
  CHECK_EQ(meter.port(0).power_dw, 10);
  CHECK_EQ(meter.stats().bad_crc, 1);
  run_meter(meter, now, 2500);
  CHECK_EQ(meter.port(0).power_dw, 20);
}

TEST(the_meter_keeps_polling_across_the_millis_wrap) {
  FakePzemBus bus;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 0xFFFFFFFFu - 2000;
  for (int i = 0; i < 1000; i++, now += 5) meter.poll(now);  // 5 s straddling the wrap
  CHECK(meter.port(0).sample_id >= 4);
  CHECK(meter.port(3).online);
}

TEST(an_address_is_assigned_at_runtime_read_back_and_confirmed) {
  FakePzemBus bus;
  for (int i = 1; i < 4; i++) bus.modules[i].present = false;  // one module on the bus
  bus.modules[0].address = 1;  // a new module: factory address
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.assign_address(3));
  CHECK(!meter.assign_address(2));  // one job at a time
  run_meter(meter, now, 3000);
  CHECK(meter.job_state() == PzemJobState::kDone);
  CHECK_EQ(bus.modules[0].address, 3);
  run_meter(meter, now, 6000);
  CHECK(meter.port(2).online);  // now read as port 3
  CHECK(!meter.port(0).online);
}

TEST(assigning_an_address_with_two_modules_on_the_bus_fails_and_says_so) {
  FakePzemBus bus;
  bus.modules[2].present = bus.modules[3].present = false;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.assign_address(4));
  run_meter(meter, now, 3000);
  CHECK(meter.job_state() == PzemJobState::kFailed);
  CHECK_EQ(bus.modules[0].address, 0);
  CHECK_EQ(bus.modules[1].address, 0);
}

TEST(an_echo_without_the_new_address_kept_is_not_a_success) {
  FakePzemBus bus;
  for (int i = 1; i < 4; i++) bus.modules[i].present = false;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.assign_address(2));
  meter.poll(now);  // sends the write
  while (meter.job_state() == PzemJobState::kBusy && now < 2000) meter.poll(now += 5);  // echoed...
  CHECK(meter.job_state() == PzemJobState::kQueued);  // ...the read-back is next
  bus.modules[0].address = 1;                          // but the module kept its old address
  run_meter(meter, now, 3000);
  CHECK(meter.job_state() == PzemJobState::kFailed);
}

TEST(an_energy_reset_zeroes_the_modules_counter_and_is_confirmed) {
  FakePzemBus bus;
  bus.modules[1].energy_wh = 123456;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  run_meter(meter, now, 2000);
  CHECK(meter.reset_energy(1));
  run_meter(meter, now, 5000);
  CHECK(meter.job_state() == PzemJobState::kDone);
  CHECK_EQ(bus.modules[1].energy_wh, 0);
  CHECK_EQ(bus.modules[0].energy_wh, 0);
  CHECK_EQ(meter.port(1).energy_wh, 0);
  uint8_t req[4];
  CHECK_EQ(pzem_reset_energy_request(2, req), 4);
  CHECK_EQ(req[0], 2);
  CHECK_EQ(req[1], 0x42);
}

TEST(addressing_with_no_meter_on_the_bus_fails_as_no_answer) {
  FakePzemBus bus;
  for (int i = 0; i < 4; i++) bus.modules[i].present = false;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.start_job(MeterJob::kAssignAddress, 2));
  CHECK(meter.job_status().running);
  run_meter(meter, now, 3000);
  const MeterJobStatus& s = meter.job_status();
  CHECK(!s.running);
  CHECK_EQ(s.finished, 1);
  CHECK(s.outcome == JobOutcome::kNoAnswer);
  CHECK_EQ(s.read_back, 0);
  CHECK(meter.start_job(MeterJob::kAssignAddress, 2));  // the bus is free for the next try
}

TEST(a_read_back_of_another_address_is_reported_with_the_address_read) {
  FakePzemBus bus;
  for (int i = 1; i < 4; i++) bus.modules[i].present = false;
  bus.modules[0].reported_address = 7;  // obeys the write, then says 7
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.start_job(MeterJob::kAssignAddress, 4));
  run_meter(meter, now, 3000);
  CHECK(meter.job_state() == PzemJobState::kFailed);
  CHECK(meter.job_status().outcome == JobOutcome::kWrongAddress);
  CHECK_EQ(meter.job_status().read_back, 7);
  CHECK_EQ(meter.job_status().port, 4);
}

TEST(a_garbled_echo_fails_as_a_bad_answer_without_a_read_back) {
  FakePzemBus bus;
  for (int i = 1; i < 4; i++) bus.modules[i].present = false;
  bus.modules[0].garble_next = true;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  int before = bus.requests;
  CHECK(meter.start_job(MeterJob::kAssignAddress, 3));
  while (meter.job_status().running && now < 4000) meter.poll(now += 5);
  CHECK(meter.job_status().outcome == JobOutcome::kBadAnswer);
  CHECK_EQ(meter.job_status().read_back, 0);
  CHECK(bus.requests - before >= 1);
}

TEST(a_confirmed_address_reports_the_address_it_read_back) {
  FakePzemBus bus;
  for (int i = 1; i < 4; i++) bus.modules[i].present = false;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.start_job(MeterJob::kAssignAddress, 3));
  CHECK(!meter.start_job(MeterJob::kResetEnergy, 1));  // one job at a time
  run_meter(meter, now, 3000);
  CHECK(meter.job_status().outcome == JobOutcome::kConfirmed);
  CHECK_EQ(meter.job_status().read_back, 3);
  CHECK(meter.job_status().job == MeterJob::kAssignAddress);
}

TEST(an_energy_reset_nobody_answers_is_not_confirmed) {
  FakePzemBus bus;
  bus.modules[1].present = false;
  PzemMeter meter(bus, PzemConfig{});
  uint32_t now = 1000;
  CHECK(meter.start_job(MeterJob::kResetEnergy, 2));
  run_meter(meter, now, 3000);
  CHECK(meter.job_status().outcome == JobOutcome::kNoAnswer);
  CHECK(meter.job_status().job == MeterJob::kResetEnergy);
  CHECK(!meter.start_job(MeterJob::kResetEnergy, 0));  // no port 0
  CHECK(!meter.start_job(MeterJob::kResetEnergy, 5));
}
