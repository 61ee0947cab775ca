// Test-only: a fixture base for Resolver tests over a real RocksDB Store in a temp directory and the real
// Normalizer. SetUp of a derived fixture opens the store, writes its entities, then creates the resolver;
// TearDown closes the store (checking that it closes cleanly) and removes the directory. Header-only; not
// part of aka_resolve.
#ifndef AKA_RESOLVE_RESOLVER_TEST_UTIL_H_
#define AKA_RESOLVE_RESOLVER_TEST_UTIL_H_

#include <memory>
#include <string>

#include "core/normalizer.h"
#include "gtest/gtest.h"
#include "resolve/resolver.h"
#include "storage/store.h"
#include "tests/scoped_test_dir.h"

namespace aka::resolve::testing {

class RealStoreResolverTest : public ::testing::Test {
 protected:
  // Makes the temp directory (named after `name`), the Normalizer, and the Store on dir_/db. Wrap in
  // ASSERT_NO_FATAL_FAILURE.
  void OpenStore(const std::string& name) {
    scoped_dir_ = std::make_unique<aka::testing::ScopedTestDir>(name);
    ASSERT_FALSE(::testing::Test::HasFailure()) << "no temp directory for " << name;
    dir_ = scoped_dir_->path();
    auto normalizer = core::Normalizer::Create();
    ASSERT_TRUE(normalizer.ok()) << normalizer.status();
    normalizer_ = std::move(*normalizer);
    storage::StoreOptions store_options;
    store_options.path = dir_ + "/db";
    store_options.normalizer = normalizer_.get();
    auto store = storage::Store::Open(store_options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = std::move(*store);
  }

  // Creates resolver_ with default options over the store. Wrap in ASSERT_NO_FATAL_FAILURE.
  void CreateResolver() {
    auto resolver = Resolver::Create(store_.get(), normalizer_.get(), ResolverOptions());
    ASSERT_TRUE(resolver.ok()) << resolver.status();
    resolver_ = std::move(*resolver);
  }

  void TearDown() override {
    resolver_.reset();
    if (store_ != nullptr) {
      EXPECT_TRUE(store_->Close().ok());
    }
    store_.reset();
    scoped_dir_.reset();
  }

  std::string dir_;
  std::unique_ptr<core::Normalizer> normalizer_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Resolver> resolver_;

 private:
  std::unique_ptr<aka::testing::ScopedTestDir> scoped_dir_;
};

}  // namespace aka::resolve::testing

#endif  // AKA_RESOLVE_RESOLVER_TEST_UTIL_H_
