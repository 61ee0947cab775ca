// Test helpers for the storage tests: a temporary database directory, a small deterministic Normalizer (so
// storage tests do not depend on ICU behaviour), and entity builders. Test-only; not part of aka_storage.
#ifndef AKA_STORAGE_STORE_TEST_UTIL_H_
#define AKA_STORAGE_STORE_TEST_UTIL_H_

#include <stdlib.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "aka/v1/entity.pb.h"
#include "core/normalizer.h"
#include "gtest/gtest.h"
#include "storage/rocks_store.h"

namespace aka::storage::testing {

// Lower-cases ASCII and splits on spaces. `upper` makes every form upper case instead: a stand-in for "the
// normalizer changed", used by the reindex test.
class FakeNormalizer : public core::Normalizer {
 public:
  explicit FakeNormalizer(bool upper = false) : upper_(upper) {}

  core::NormalizedName Normalize(absl::string_view name) const override {
    core::NormalizedName n;
    n.nfkc = std::string(name);
    std::string folded(name);
    for (char& c : folded) {
      c = static_cast<char>(upper_ ? std::toupper(static_cast<unsigned char>(c))
                                   : std::tolower(static_cast<unsigned char>(c)));
    }
    n.tokens = absl::StrSplit(folded, ' ', absl::SkipEmpty());
    n.normalized = absl::StrJoin(n.tokens, " ");
    n.compact = absl::StrJoin(n.tokens, "");
    std::vector<std::string> sorted = n.tokens;
    std::sort(sorted.begin(), sorted.end());
    n.token_sorted = absl::StrJoin(sorted, " ");
    return n;
  }

 private:
  bool upper_;
};

// A fresh directory under the test temp dir, removed with everything in it on destruction.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = ::testing::TempDir() + "aka_storage_XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) ADD_FAILURE() << "mkdtemp failed for " << tmpl;
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }
  std::string db_path() const { return path_ + "/db"; }

 private:
  std::string path_;
};

inline aka::v1::Entity MakeEntity(const std::string& type, const std::string& canonical_name,
                                  const std::vector<std::string>& aliases = {}) {
  aka::v1::Entity e;
  e.set_type(type);
  e.set_canonical_name(canonical_name);
  for (const std::string& alias : aliases) e.add_aliases()->set_name(alias);
  return e;
}

// Test fixture base: opens a RocksStore on a temp directory with a FakeNormalizer.
class StoreTestBase : public ::testing::Test {
 protected:
  StoreOptions Options() const {
    StoreOptions options;
    options.path = dir_.db_path();
    options.normalizer = &normalizer_;
    options.block_cache_bytes = 1 << 20;
    return options;
  }

  void OpenStore() {
    auto store = RocksStore::Open(Options());
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  void SetUp() override { OpenStore(); }

  // Entity ids that the index returns for `kind`/`value` (one per row).
  std::vector<std::string> Lookup(core::KeyKind kind, const std::string& value) {
    std::vector<IndexHit> hits;
    const absl::Status s = store_->LookupKey(core::NameKey{kind, value}, &hits);
    EXPECT_TRUE(s.ok()) << s;
    std::vector<std::string> ids;
    for (const IndexHit& hit : hits) ids.push_back(hit.entity_id);
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  aka::v1::Entity Create(const aka::v1::Entity& entity) {
    auto result = store_->UpsertEntity(entity, 0);
    EXPECT_TRUE(result.ok()) << result.status();
    return result.ok() ? result->entity : aka::v1::Entity();
  }

  TempDir dir_;
  FakeNormalizer normalizer_;
  std::unique_ptr<RocksStore> store_;
};

}  // namespace aka::storage::testing

#endif  // AKA_STORAGE_STORE_TEST_UTIL_H_
