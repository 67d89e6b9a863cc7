// The labels of the human-readable footprint reports (md, html, and whichever format needs them) in
// English and Chinese. Every Chinese label was written by a person with the terms of GB/T 24067-2024 and
// GB/T 24040/24044 (产品碳足迹, 声明单位, 功能单位, 系统边界, 取舍准则, 分配, …), never machine-translated.
// One table, so every format says the same thing in the same words.
#pragma once

#include <string>
#include <string_view>

#include "engine/report/render.h"

namespace pcf {

enum class Label {
  // Title block
  kReportTitle,         // Product carbon footprint study report
  kReportSubtitle,      // according to ISO 14067:2018 / GB/T 24067-2024
  kPartialCfp,          // partial carbon footprint (CFP-P)
  kFullCfp,             // carbon footprint of a product (CFP)
  kResultAtAGlance,     // summary line label
  kPerDeclaredUnit,     // "per declared unit"
  kPerFunctionalUnit,   // "per functional unit"
  // Section headings (the ISO 14067 report items)
  kSecProduct,          // Product and company
  kSecGoalScope,        // Goal and scope
  kSecMethods,          // Methods
  kSecDataQuality,      // Data sources and data quality
  kSecAllocation,       // Allocation
  kSecCutoff,           // Cut-off criteria
  kSecResults,          // Results
  kSecResultsTotal,     // Total carbon footprint
  kSecResultsStage,     // Results by life-cycle stage
  kSecResultsGas,       // Results by greenhouse-gas category
  kSecResultsOrigin,    // Results by data origin
  kSecResultsOther,     // Other indicators
  kSecContribution,     // Contribution analysis
  kSecTree,             // Contribution tree
  kSecHotspotProcess,   // Hotspots by process
  kSecHotspotFlow,      // Hotspots by elementary flow
  kSecLimitations,      // Limitations
  kSecManifest,         // Reproducibility (manifest)
  // Product and company
  kProductName,
  kProductNameZh,
  kProductId,
  kCompany,
  kSite,
  kGeography,
  // Goal and scope
  kGoal,
  kGoalText,
  kStudyType,
  kDeclaredUnit,
  kFunctionalUnit,
  kReferenceFlow,
  kSystemBoundary,
  kStagesIncluded,
  kStagesExcluded,
  kNone,
  kReferencePeriod,
  kPcr,
  kNotGiven,
  kUnitProcesses,
  kProcess,
  kStage,
  kName,
  kUseEolScenarios,
  kUseEolNotApplicable,
  kUseEolModelled,
  // Methods
  kCharacterizationMethod,
  kIndicator,
  kGwpSet,
  kGwpSetUnknown,
  kGhgsCovered,
  kGhgsCoveredText,
  kDatabase,
  kDatabaseVersion,
  kDatabaseHash,
  kDatabasePath,
  kSolver,
  kResidual,
  kElectricity,
  kElectricityText,
  kElectricityNone,
  kCalculationText,
  // Data sources and quality
  kPrimaryData,
  kPrimaryDataText,
  kParameters,
  kParameter,
  kValue,
  kNoParameters,
  kSecondaryData,
  kSecondaryDataText,
  kBackgroundDatasets,
  kDataset,
  kRole,
  kRoleInput,
  kRoleTransport,
  kRoleWaste,
  kRoleAvoided,
  kSupplierData,
  kSupplierDataText,
  kNoSuppliers,
  kFile,
  kProduct,
  kSpecVersion,
  kPcfPerDeclaredUnit,
  kGwpSetsOfSupplier,
  kDataQualityText,
  kProvenanceText,
  kTimeCoverage,
  kPrimaryShare,
  // Allocation
  kAllocationNone,
  kAllocationIntro,
  kAllocationMethod,
  kAllocationFactor,
  kAllocMass,
  kAllocEconomic,
  kAllocPhysical,
  kAllocFactors,
  kAllocationEconomicNote,
  kSystemExpansion,
  kSystemExpansionNone,
  kModuleD,             // Module D: credits of avoided products (not part of the PCF)
  kModuleDNote,         // why module D is reported apart
  kStageDApart,         // "D (credits, reported apart …)" in the list of stages included
  kNotPartOfPcf,        // "not part of the PCF" (share column of module D)
  kLineStages,          // "; lines also in {}" after a process's stage
  kAllocationHierarchy,
  // Cut-off
  kCutoffRule,
  kCutoffRuleText,
  kCutoffHidden,
  kCutoffHiddenNone,
  kCutoffTotal,
  kCutoffNoExclusion,
  // Results
  kTotal,
  kTotalExact,
  kShare,
  kModule,
  kDescription,
  kGasGroup,
  kGasFossil,
  kGasBiogenicEmissions,
  kGasBiogenicRemovals,
  kGasLandUseChange,
  kGasAircraft,
  kGasNotCalculated,
  kOrigin,
  kOriginForeground,
  kOriginBackground,
  kOriginSupplier,
  kUnit,
  // Contribution analysis
  kContributionIntro,
  kDirect,
  kAmount,
  kBelowCutoff,
  kBranches,
  kBranch,
  kForegroundMark,
  kBackgroundMark,
  kFlow,
  kRank,
  kNoHotspots,
  kChartStages,
  kChartContributions,
  // Limitations (fixed text)
  kLimitClimateOnly,
  kLimitUnconfirmed,
  kLimitAggregated,
  kLimitUncertainty,
  kLimitNotCalculated,
  kLimitScope,
  kLimitReview,
  kLimitUserData,
  // Manifest
  kEngineVersion,
  kInputFiles,
  kSha256,
  kGeneratedBy,
  kWarnings,
  // Data quality rating and uncertainty (issue 14: docs/data-quality.md, docs/uncertainty.md)
  kDqrHeading,
  kDqrResult,
  kDqrTechnological,
  kDqrGeographical,
  kDqrTemporal,
  kDqrReliability,
  kDqrCompleteness,
  kDqrPactV3,
  kDqrPactV2,
  kDqrPactV2Value,     // {} ratings, {} coverage
  kDqrPactV2None,
  kDqrNone,
  kDqrRules,
  kDqrWeighMost,
  kDqrRateWorst,
  kDqrRateWorstNone,
  kDqrInput,
  kDqrWeight,
  kDqrTech,
  kDqrGeo,
  kDqrTime,
  kDqrMean,
  kDqrBasis,
  kDqrStated,
  kSecResultsUncertainty,
  kMcIntro,            // {} draws, {} seed, {} product-file values, {} database entries
  kMcChart,
  kMcChartNote,        // {} point value, {} p2.5, {} p97.5
  kMcPercentiles,
  kMcMean,
  kMcSd,
  kMcMedian,
  kMcDrivers,
  kMcDriversPending,
  kMcDriversSrc,
  kMcDriversSpearman,
  kMcDriversNone,
  kMcInput,
  kMcShare,
  kMcKind,
  kMcKindParameter,
  kMcKindAmount,
  kMcKindBackgroundExchange,
  kMcKindBackgroundFlow,
  kMcInterval,
  kLimitUncertaintyMc,
  kSecResultsSensitivity,
  kSensIntro,           // {0} δ, {1} inputs varied, {2} not varied
  kSensTornado,
  kSensRanked,          // {} rows
  kSensMinus,
  kSensPlus,
  kSensElasticity,
  kSensNone,
  kSensAllocation,
  kSensNoAllocation,
  kSensAllocMethod,
  kSensProcesses,
  kSensDifference,
  kSensRelative,
  kSensFileChoice,
  kSensNotApplicable,
  kLimitUncertaintySens,
  kCount
};

// The label in the language asked for.
std::string_view Tr(Label label, Language language);

// The EN 15804 module (A1 … D) described in words ("Raw material supply" / "原材料获取"); "" if unknown.
std::string_view StageDescription(std::string_view module, Language language);

// The system boundary as written in product files (cradle-to-gate, cradle-to-grave, gate-to-gate) in
// words; the input itself if unknown.
// `modules`, when given, are the EN 15804 modules actually included ("A1–A3"), shown after the name.
std::string SystemBoundaryName(const std::string& boundary, Language language, const std::string& modules = "");

// An allocation method of product files (mass, economic, physical, factors) in words.
std::string AllocationMethodName(const std::string& method, Language language);

// The language tag of HTML (`en`, `zh-CN`).
std::string_view LanguageTag(Language language);

}  // namespace pcf
