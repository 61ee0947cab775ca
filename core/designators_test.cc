#include "core/designators.h"

#include <memory>

#include "core/normalizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aka::core {
namespace {

using ::testing::ElementsAre;

class DesignatorsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { normalizer_ = std::move(Normalizer::Create()).value().release(); }
  static void TearDownTestSuite() { delete normalizer_; }
  static std::vector<std::string> Expanded(absl::string_view raw) {
    return ExpandDesignators(normalizer_->Normalize(raw).tokens);
  }
  static std::vector<Designator> Of(absl::string_view raw) { return ExtractDesignators(Expanded(raw)); }
  static const Normalizer* normalizer_;
};
const Normalizer* DesignatorsTest::normalizer_ = nullptr;

TEST_F(DesignatorsTest, ExpandsSpelledOutAdvancedPersistentThreat) {
  EXPECT_THAT(Expanded("Advanced Persistent Threat Group 31"), ElementsAre("apt", "31"));
  EXPECT_THAT(Expanded("Advanced Persistent Threat 1"), ElementsAre("apt", "1"));
  EXPECT_THAT(Of("Advanced Persistent Threat Group 31"), ElementsAre(Designator{"apt", "31"}));
  // Without a number the words are prose and stay.
  EXPECT_THAT(Expanded("advanced persistent threat"), ElementsAre("advanced", "persistent", "threat"));
}

TEST_F(DesignatorsTest, ThreatGroupIsTg) {
  EXPECT_THAT(Expanded("Threat Group-3390"), ElementsAre("tg", "3390"));
  EXPECT_EQ(Of("Threat Group-3390"), Of("TG-3390"));
}

TEST_F(DesignatorsTest, VendorPrefixes) {
  EXPECT_THAT(Of("TA412"), ElementsAre(Designator{"ta", "412"}));
  EXPECT_EQ(Of("TA412"), Of("TA 412"));
  EXPECT_THAT(Of("UNC2452"), ElementsAre(Designator{"unc", "2452"}));
  EXPECT_THAT(Of("DEV-0537"), ElementsAre(Designator{"dev", "537"}));
  EXPECT_THAT(Of("Storm-0558"), ElementsAre(Designator{"storm", "558"}));
  EXPECT_THAT(Of("G0128"), ElementsAre(Designator{"g", "128"}));
  EXPECT_THAT(Of("APT-C-36"), ElementsAre(Designator{"apt-c", "36"}));
  EXPECT_THAT(Of("UAC-0001"), ElementsAre(Designator{"uac", "1"}));
  EXPECT_THAT(Of("FIN7"), ElementsAre(Designator{"fin", "7"}));
  EXPECT_TRUE(Of("Fancy Bear").empty());
  EXPECT_TRUE(Of("TEMP.Veles").empty());  // no number: a name, not a numbered designator
}

TEST_F(DesignatorsTest, LeadingZerosAreDroppedOnBothSides) {
  EXPECT_EQ(Expanded("G0128"), Expanded("G128"));
  EXPECT_EQ(Expanded("APT 031"), Expanded("APT31"));
  EXPECT_THAT(Expanded("Storm-0558"), ElementsAre("storm", "558"));
  // Numbers outside designators keep their digits.
  EXPECT_THAT(Expanded("Unit 061398"), ElementsAre("unit", "061398"));
}

TEST_F(DesignatorsTest, NumbersAreIdentity) {
  const auto apt31 = Of("APT31");
  for (const char* other : {"APT3", "APT13", "APT310", "APT 3"}) {
    EXPECT_EQ(CompareDesignators(apt31, Of(other)), DesignatorAgreement::kConflict) << other;
  }
  EXPECT_EQ(CompareDesignators(apt31, Of("Advanced Persistent Threat Group 31")), DesignatorAgreement::kEqual);
  EXPECT_EQ(CompareDesignators(apt31, Of("APT 031")), DesignatorAgreement::kEqual);
  EXPECT_EQ(CompareDesignators(apt31, Of("TA412")), DesignatorAgreement::kDifferentPrefix);
  EXPECT_EQ(CompareDesignators(apt31, Of("Zirconium")), DesignatorAgreement::kOneSided);
  EXPECT_EQ(CompareDesignators({}, {}), DesignatorAgreement::kNone);
}

}  // namespace
}  // namespace aka::core
