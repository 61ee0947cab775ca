// Scratch files for fuzz targets; see fuzz_files.h.
#include "fuzz/fuzz_files.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

namespace aka::fuzz {
namespace {

void RemoveScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(ScratchDir(), ignored);
}

std::string MakeScratchDir() {
  std::error_code error;
  std::filesystem::path base = std::filesystem::temp_directory_path(error);
  if (error) base = "/tmp";
  std::string pattern = (base / "aka_fuzz_XXXXXX").string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (mkdtemp(buffer.data()) == nullptr) {
    std::perror("aka fuzz: mkdtemp");
    abort();
  }
  return std::string(buffer.data());
}

}  // namespace

const std::string& ScratchDir() {
  static const std::string* const dir = [] {
    auto* made = new std::string(MakeScratchDir());
    std::atexit(RemoveScratchDir);
    return made;
  }();
  return *dir;
}

std::string WriteScratchFile(const std::string& name, std::string_view contents) {
  std::string path = ScratchDir() + "/" + name;
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) {
    std::fprintf(stderr, "aka fuzz: cannot write %s\n", path.c_str());
    abort();
  }
  return path;
}

}  // namespace aka::fuzz
