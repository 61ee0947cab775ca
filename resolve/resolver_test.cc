// Resolver over a real RocksDB Store in a temp directory and the real Normalizer: the foundation's exact and
// normalized matching, the three outcomes, filters, limits and validation errors.
#include "resolve/resolver.h"

#include <limits>
#include <memory>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "resolve/resolver_test_util.h"

namespace aka::resolve {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

class ResolverTest : public testing::RealStoreResolverTest {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(OpenStore("resolver_test"));

    zirconium_ = Put("threat_actor", "APT 31", {"ZIRCONIUM", "Judgment Panda", "Violet Typhoon"}, "misp", "z");
    apt28_ = Put("threat_actor", "APT28", {"Fancy Bear", "Grizzly Steppe"}, "misp", "a28");
    apt29_ = Put("threat_actor", "APT29", {"Cozy Bear", "Grizzly Steppe"}, "misp", "a29");
    company_ = Put("organization", "Panda Holdings Limited", {"Judgment Panda"}, "ofac", "1001");
    ASSERT_NO_FATAL_FAILURE(CreateResolver());
  }

  std::string Put(const std::string& type, const std::string& name, const std::vector<std::string>& aliases,
                  const std::string& source, const std::string& external_id) {
    aka::v1::Entity entity;
    entity.set_type(type);
    entity.set_canonical_name(name);
    for (const std::string& alias : aliases) {
      aka::v1::Alias* added = entity.add_aliases();
      added->set_name(alias);
      added->set_source(source);
      added->set_kind(aka::v1::AKA);
    }
    (*entity.mutable_external_ids())[source] = external_id;
    auto written = store_->UpsertEntity(entity, 0);
    EXPECT_TRUE(written.ok()) << written.status();
    return written.ok() ? written->entity.id() : "";
  }

  aka::v1::ResolveResponse MustResolve(const std::string& name, std::vector<std::string> types = {}) {
    aka::v1::ResolveRequest request;
    request.set_name(name);
    for (std::string& type : types) request.add_types(std::move(type));
    auto response = resolver_->Resolve(request);
    EXPECT_TRUE(response.ok()) << name << ": " << response.status();
    return response.ok() ? *response : aka::v1::ResolveResponse();
  }

  std::string zirconium_, apt28_, apt29_, company_;
};

TEST_F(ResolverTest, VariantsOfOneNameMatchTheEntity) {
  for (const char* name : {"APT 31", "apt-31", "APT31", "ZIRCONIUM", "zirconium", "Violet  Typhoon"}) {
    aka::v1::ResolveResponse response = MustResolve(name);
    EXPECT_EQ(response.outcome(), aka::v1::MATCHED) << name;
    ASSERT_THAT(response.candidates(), SizeIs(1)) << name;
    const aka::v1::Candidate& best = response.candidates(0);
    EXPECT_EQ(best.entity_id(), zirconium_) << name;
    EXPECT_EQ(best.canonical_name(), "APT 31");
    EXPECT_EQ(best.type(), "threat_actor");
    EXPECT_EQ(best.external_ids().at("misp"), "z");
    EXPECT_GE(best.score(), 0.80) << name;
  }
}

TEST_F(ResolverTest, KeyKindSetsMatchKindAndScore) {
  aka::v1::ResolveResponse exact = MustResolve("APT 31");
  ASSERT_THAT(exact.candidates(), SizeIs(1));
  EXPECT_EQ(exact.candidates(0).match_kind(), aka::v1::EXACT);
  EXPECT_DOUBLE_EQ(exact.candidates(0).score(), 1.0);
  EXPECT_EQ(exact.candidates(0).matched_name(), "APT 31");
  EXPECT_EQ(exact.candidates(0).matched_source(), "");

  aka::v1::ResolveResponse normalized = MustResolve("apt-31");
  ASSERT_THAT(normalized.candidates(), SizeIs(1));
  EXPECT_EQ(normalized.candidates(0).match_kind(), aka::v1::NORMALIZED);
  EXPECT_DOUBLE_EQ(normalized.candidates(0).score(), 0.97);

  aka::v1::ResolveResponse alias = MustResolve("Violet Typhoon");
  ASSERT_THAT(alias.candidates(), SizeIs(1));
  EXPECT_EQ(alias.candidates(0).matched_name(), "Violet Typhoon");
  EXPECT_EQ(alias.candidates(0).matched_source(), "misp");
}

TEST_F(ResolverTest, NameSharedByTwoEntitiesIsAmbiguous) {
  aka::v1::ResolveResponse response = MustResolve("Grizzly Steppe");
  EXPECT_EQ(response.outcome(), aka::v1::AMBIGUOUS);
  ASSERT_THAT(response.candidates(), SizeIs(2));
  // Equal scores order by entity id, and ids grow with creation.
  EXPECT_EQ(response.candidates(0).entity_id(), apt28_);
  EXPECT_EQ(response.candidates(1).entity_id(), apt29_);
}

TEST_F(ResolverTest, TypesFilterRemovesOtherTypes) {
  EXPECT_EQ(MustResolve("Judgment Panda").outcome(), aka::v1::AMBIGUOUS);

  aka::v1::ResolveResponse actors = MustResolve("Judgment Panda", {"threat_actor"});
  EXPECT_EQ(actors.outcome(), aka::v1::MATCHED);
  ASSERT_THAT(actors.candidates(), SizeIs(1));
  EXPECT_EQ(actors.candidates(0).entity_id(), zirconium_);

  aka::v1::ResolveResponse companies = MustResolve("Judgment Panda", {"organization"});
  EXPECT_EQ(companies.outcome(), aka::v1::MATCHED);
  ASSERT_THAT(companies.candidates(), SizeIs(1));
  EXPECT_EQ(companies.candidates(0).entity_id(), company_);

  EXPECT_EQ(MustResolve("APT 31", {"vessel"}).outcome(), aka::v1::NO_MATCH);
}

TEST_F(ResolverTest, UnknownNameIsNoMatch) {
  aka::v1::ResolveResponse response = MustResolve("Sandworm Team");
  EXPECT_EQ(response.outcome(), aka::v1::NO_MATCH);
  EXPECT_THAT(response.candidates(), SizeIs(0));
  // Digits are identity: APT 3 is not APT 31.
  EXPECT_EQ(MustResolve("APT3").outcome(), aka::v1::NO_MATCH);
  // Punctuation only: valid, but nothing to look up.
  EXPECT_EQ(MustResolve("--").outcome(), aka::v1::NO_MATCH);
}

TEST_F(ResolverTest, RequestIdIsEchoedAndLimitsApply) {
  aka::v1::ResolveRequest request;
  request.set_request_id("row-7");
  request.set_name("Grizzly Steppe");
  request.set_max_candidates(1);
  auto response = resolver_->Resolve(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->request_id(), "row-7");
  EXPECT_EQ(response->outcome(), aka::v1::AMBIGUOUS);
  EXPECT_THAT(response->candidates(), SizeIs(1));

  request.set_name("apt-31");
  request.set_max_candidates(0);
  request.set_min_score(0.99);  // The normalized key scores 0.97.
  response = resolver_->Resolve(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->outcome(), aka::v1::NO_MATCH);
  EXPECT_THAT(response->candidates(), SizeIs(0));
}

TEST_F(ResolverTest, ExplainListsFeatures) {
  aka::v1::ResolveRequest request;
  request.set_name("apt-31");
  request.set_explain(true);
  auto response = resolver_->Resolve(request);
  ASSERT_TRUE(response.ok()) << response.status();
  ASSERT_THAT(response->candidates(), SizeIs(1));
  const aka::v1::Explanation& explanation = response->candidates(0).explanation();
  EXPECT_EQ(explanation.normalized_query(), "apt 31");
  EXPECT_EQ(explanation.normalized_match(), "apt 31");
  EXPECT_EQ(explanation.key_kind(), aka::v1::NORMALIZED);
  EXPECT_EQ(explanation.key(), "apt 31");
  std::vector<std::string> names;
  for (const aka::v1::ScoreFeature& feature : explanation.features()) names.push_back(feature.name());
  EXPECT_THAT(names, ElementsAre("key", "alias_kind", "type"));
  EXPECT_DOUBLE_EQ(explanation.features(0).contribution(), 0.97);
  EXPECT_THAT(explanation.summary(), HasSubstr("APT 31"));

  request.set_explain(false);
  response = resolver_->Resolve(request);
  ASSERT_TRUE(response.ok());
  EXPECT_FALSE(response->candidates(0).has_explanation());
}

TEST_F(ResolverTest, WeakAliasScoresLower) {
  aka::v1::Entity entity;
  entity.set_type("person");
  entity.set_canonical_name("DOE, John");
  aka::v1::Alias* weak = entity.add_aliases();
  weak->set_name("Johnny Boy");
  weak->set_source("ofac");
  weak->set_kind(aka::v1::WEAK_AKA);
  ASSERT_TRUE(store_->UpsertEntity(entity, 0).ok());
  aka::v1::ResolveResponse response = MustResolve("Johnny Boy");
  ASSERT_THAT(response.candidates(), SizeIs(1));
  EXPECT_NEAR(response.candidates(0).score(), 0.90, 1e-9);
  EXPECT_EQ(response.candidates(0).matched_source(), "ofac");
}

TEST_F(ResolverTest, InvalidRequestsNameTheRule) {
  auto expect_invalid = [&](const aka::v1::ResolveRequest& request, const std::string& words) {
    auto response = resolver_->Resolve(request);
    ASSERT_FALSE(response.ok());
    EXPECT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(response.status().message()), HasSubstr(words));
  };
  aka::v1::ResolveRequest request;
  expect_invalid(request, "name: is empty");
  request.set_name(std::string(1025, 'a'));
  expect_invalid(request, "name: is 1025 bytes");
  request.set_name("APT\xff" "31");
  expect_invalid(request, "name: is not valid UTF-8");
  request.set_name("APT\x07" "31");
  expect_invalid(request, "name: contains control character");

  request.set_name("APT 31");
  request.set_max_candidates(101);
  expect_invalid(request, "max_candidates: ");
  request.set_max_candidates(-1);
  expect_invalid(request, "max_candidates: ");
  request.set_max_candidates(100);
  EXPECT_TRUE(resolver_->Resolve(request).ok());

  request.set_min_score(1.5);
  expect_invalid(request, "min_score: ");
  request.set_min_score(-0.1);
  expect_invalid(request, "min_score: ");
  request.set_min_score(std::numeric_limits<double>::quiet_NaN());
  expect_invalid(request, "min_score: ");
}

// akad's answer cache keeps no answer a negative record with an expire_time shapes (it changes when the time
// passes, with no write); the Resolver says so, so the cache needs no second look at the store.
TEST_F(ResolverTest, ReportsWhenAnExpiringNegativeApplies) {
  aka::v1::ResolveRequest request;
  request.set_name("Fancy Bear");
  absl::StatusOr<Resolution> plain = resolver_->ResolveWithNotes(request);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->response.outcome(), aka::v1::MATCHED);
  EXPECT_FALSE(plain->expiring_negative_applied);

  aka::v1::Negative lasting;
  lasting.set_name("fancy bear");
  lasting.set_entity_id(apt29_);
  ASSERT_TRUE(store_->AddNegative(lasting, storage::ChangeContext{"test", ""}).ok());
  absl::StatusOr<Resolution> with_lasting = resolver_->ResolveWithNotes(request);
  ASSERT_TRUE(with_lasting.ok()) << with_lasting.status();
  EXPECT_FALSE(with_lasting->expiring_negative_applied);

  aka::v1::Negative expiring;
  expiring.set_name("Fancy Bear");
  expiring.set_entity_id(apt28_);
  expiring.mutable_expire_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
  ASSERT_TRUE(store_->AddNegative(expiring, storage::ChangeContext{"test", ""}).ok());
  absl::StatusOr<Resolution> shaped = resolver_->ResolveWithNotes(request);
  ASSERT_TRUE(shaped.ok()) << shaped.status();
  EXPECT_NE(shaped->response.outcome(), aka::v1::MATCHED);
  EXPECT_TRUE(shaped->expiring_negative_applied);
  // Resolve gives the same answer without the notes.
  absl::StatusOr<aka::v1::ResolveResponse> response = resolver_->Resolve(request);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->SerializeAsString(), shaped->response.SerializeAsString());
}

TEST(ResolverCreateTest, RejectsBadOptions) {
  auto normalizer = core::Normalizer::Create();
  ASSERT_TRUE(normalizer.ok());
  EXPECT_FALSE(Resolver::Create(nullptr, normalizer->get(), ResolverOptions()).ok());
}

}  // namespace
}  // namespace aka::resolve
