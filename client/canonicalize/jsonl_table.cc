#include "client/canonicalize/jsonl_table.h"

#include <cstring>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace aka::canonicalize {

JsonlReader::JsonlReader(InputFile* input, const JsonlReaderOptions& options) : input_(input), options_(options) {
  if (options_.chunk_bytes == 0) options_.chunk_bytes = 1;
}

absl::StatusOr<std::unique_ptr<JsonlReader>> JsonlReader::Open(InputFile* input, const JsonlReaderOptions& options) {
  std::unique_ptr<JsonlReader> reader(new JsonlReader(input, options));
  // A pipe may deliver fewer than three bytes per read; gather enough to recognise a byte order mark.
  char head[3];
  size_t have = 0;
  while (have < 3) {
    ASSIGN_OR_RETURN(size_t n, input->Read(head + have, 3 - have));
    if (n == 0) break;
    have += n;
  }
  if (have == 3 && std::memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
    reader->offset_ = 3;
  } else {
    reader->buffer_.assign(head, have);
    if (have < 3) reader->eof_ = true;
  }
  return reader;
}

absl::StatusOr<bool> JsonlReader::Next(JsonlLine* line) {
  size_t scan_from = start_;
  while (true) {
    size_t newline = buffer_.find('\n', scan_from);
    if (newline == std::string::npos && eof_ && start_ == buffer_.size()) return false;
    if (newline != std::string::npos || eof_) {
      size_t end = newline == std::string::npos ? buffer_.size() : newline;
      size_t consumed = (newline == std::string::npos ? end : end + 1) - start_;
      std::string_view text(buffer_.data() + start_, end - start_);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      const int64_t this_offset = offset_;
      const int64_t this_line = line_;
      offset_ += static_cast<int64_t>(consumed);
      if (newline != std::string::npos) ++line_;
      start_ += consumed;
      scan_from = start_;
      if (absl::StripAsciiWhitespace(absl::string_view(text.data(), text.size())).empty()) continue;
      line->text.assign(text.data(), text.size());
      line->line = this_line;
      line->offset = this_offset;
      return true;
    }
    if (buffer_.size() - start_ > options_.max_line_bytes) {
      return absl::ResourceExhaustedError(absl::StrCat(input_->display_name(), ": line ", line_, " exceeds ",
                                                       options_.max_line_bytes, " bytes"));
    }
    // Keep only the unfinished line, then append the next chunk after it.
    buffer_.erase(0, start_);
    start_ = 0;
    scan_from = buffer_.size();
    size_t old_size = buffer_.size();
    buffer_.resize(old_size + options_.chunk_bytes);
    ASSIGN_OR_RETURN(size_t n, input_->Read(buffer_.data() + old_size, options_.chunk_bytes));
    buffer_.resize(old_size + n);
    if (n == 0) eof_ = true;
  }
}

absl::Status JsonlReader::Seek(int64_t offset, int64_t line) {
  RETURN_IF_ERROR(input_->Seek(offset));
  buffer_.clear();
  start_ = 0;
  eof_ = false;
  offset_ = offset;
  line_ = line;
  return absl::OkStatus();
}

bool ParseJsonlObject(std::string_view text, nlohmann::ordered_json* object, std::string* error) {
  // nlohmann reports the reason only through an exception; it is caught here and never crosses our API.
  try {
    *object = nlohmann::ordered_json::parse(text.begin(), text.end());
  } catch (const nlohmann::ordered_json::parse_error& e) {
    *object = nullptr;
    *error = absl::StrCat("not valid JSON: ", e.what());
    return false;
  } catch (const nlohmann::ordered_json::exception& e) {
    // A number too large for a double is out_of_range (406), not a parse_error, yet it is bad input too.
    *object = nullptr;
    *error = absl::StrCat("not valid JSON: ", e.what());
    return false;
  }
  if (!object->is_object()) {
    *object = nullptr;
    *error = "line is not a JSON object";
    return false;
  }
  return true;
}

const nlohmann::ordered_json* FindJsonField(const nlohmann::ordered_json& object, std::string_view path) {
  const nlohmann::ordered_json* current = &object;
  for (absl::string_view piece : absl::StrSplit(absl::string_view(path.data(), path.size()), '.')) {
    const std::string_view key(piece.data(), piece.size());
    if (!current->is_object()) return nullptr;
    auto it = current->find(key);
    if (it == current->end()) return nullptr;
    current = &*it;
  }
  return current;
}

void AppendJsonlRecord(nlohmann::ordered_json* object,
                       const std::vector<std::pair<std::string_view, std::string_view>>& fields, std::string* out) {
  nlohmann::ordered_json& result = *object;
  if (!result.is_object()) result = nlohmann::ordered_json::object();
  for (const auto& [name, value] : fields) result[std::string(name)] = std::string(value);
  // `replace` instead of throwing: input strings were validated by the parser, and a stray invalid byte in a
  // resolver answer must not abort a batch job.
  out->append(result.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  out->push_back('\n');
}

}  // namespace aka::canonicalize
