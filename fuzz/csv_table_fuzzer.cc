// libFuzzer target: the canonicalize CSV reader (client/canonicalize/csv_table.h) on arbitrary files. It
// reads untrusted files of millions of rows, so it must never crash or grow without bound; and the writer
// must round-trip: writing the fields of every well-formed record and reading them back gives equal fields,
// which is what makes canonicalize's output a faithful copy of its input.
//
// The first input byte picks the read chunk size (1..64 bytes), so that records, quotes and CRLF pairs are
// cut at every possible chunk boundary; the rest is the file.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "client/canonicalize/csv_table.h"
#include "client/canonicalize/input_file.h"
#include "fuzz/fuzz_files.h"

namespace {

using aka::canonicalize::CsvReader;
using aka::canonicalize::CsvReaderOptions;
using aka::canonicalize::CsvRecord;
using aka::canonicalize::InputFile;

struct ReadResult {
  bool opened = false;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> good_records;
};

// Reads the whole file; stops at the first fatal error (which the reader promises is final).
ReadResult ReadAll(const std::string& path, const CsvReaderOptions& options) {
  ReadResult result;
  absl::StatusOr<std::unique_ptr<InputFile>> input = InputFile::Open(path);
  if (!input.ok()) {
    std::fprintf(stderr, "InputFile::Open: %s\n", input.status().ToString().c_str());
    std::abort();
  }
  absl::StatusOr<std::unique_ptr<CsvReader>> reader = CsvReader::Open(input->get(), options);
  if (!reader.ok()) return result;
  result.opened = true;
  result.header = (*reader)->header();
  CsvRecord record;
  int64_t last_offset = -1;
  while (true) {
    absl::StatusOr<bool> more = (*reader)->Next(&record);
    if (!more.ok() || !*more) break;
    if (record.offset <= last_offset) {
      std::fprintf(stderr, "record offsets must increase: %lld after %lld\n", static_cast<long long>(record.offset),
                   static_cast<long long>(last_offset));
      std::abort();
    }
    last_offset = record.offset;
    if (record.error.empty()) result.good_records.push_back(record.fields);
  }
  return result;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  CsvReaderOptions options;
  options.chunk_bytes = 1 + data[0] % 64;
  // Small enough that the fuzzer reaches the limit; large enough for every seed.
  options.max_record_bytes = 64 << 10;
  const std::string_view file(reinterpret_cast<const char*>(data) + 1, size - 1);

  const ReadResult first = ReadAll(aka::fuzz::WriteScratchFile("input.csv", file), options);
  if (!first.opened) return 0;

  std::string rewritten;
  aka::canonicalize::AppendCsvRecord(first.header, &rewritten);
  for (const std::vector<std::string>& fields : first.good_records) {
    aka::canonicalize::AppendCsvRecord(fields, &rewritten);
  }
  const ReadResult second = ReadAll(aka::fuzz::WriteScratchFile("rewritten.csv", rewritten), options);
  if (!second.opened || second.header != first.header || second.good_records != first.good_records) {
    std::fprintf(stderr, "CSV round trip changed the records: %zu good records read, %zu after rewriting\n",
                 first.good_records.size(), second.good_records.size());
    std::abort();
  }
  return 0;
}
