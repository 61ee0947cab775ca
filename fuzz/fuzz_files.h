// Scratch files for fuzz targets whose code under test reads paths, not buffers (the formats importers, the
// canonicalize CSV reader). One private folder per fuzzer process, created on first use and removed at exit,
// so that parallel fuzzer jobs (-jobs/-workers) and CI runs never share or leave behind files.
#ifndef AKA_FUZZ_FUZZ_FILES_H_
#define AKA_FUZZ_FUZZ_FILES_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace aka::fuzz {

// The process's scratch folder (absolute path, no trailing slash). Aborts if it cannot be made: a fuzzer that
// cannot write its input would otherwise report nothing and look clean.
const std::string& ScratchDir();

// Writes `contents` to ScratchDir()/name, replacing any earlier file, and returns the full path. Aborts on an
// I/O error for the same reason.
std::string WriteScratchFile(const std::string& name, std::string_view contents);

}  // namespace aka::fuzz

#endif  // AKA_FUZZ_FUZZ_FILES_H_
