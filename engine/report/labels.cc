#include "engine/report/labels.h"

#include <array>
#include <cstddef>
#include <utility>

namespace pcf {

namespace {

struct Row {
  Label label;
  const char* en;
  const char* zh;
};

// Rows in the order of the enum (checked at compile time below). Texts with {} are fmt patterns; their
// arguments are listed in the comment of the caller.
constexpr Row kRows[] = {
    {Label::kReportTitle, "Product carbon footprint study report", "产品碳足迹研究报告"},
    {Label::kReportSubtitle, "Quantified according to ISO 14067:2018 and GB/T 24067-2024",
     "依据 ISO 14067:2018 和 GB/T 24067-2024 量化"},
    {Label::kPartialCfp, "partial carbon footprint of a product (CFP-P)", "产品部分碳足迹（CFP-P）"},
    {Label::kFullCfp, "carbon footprint of a product (CFP)", "产品碳足迹（CFP）"},
    {Label::kResultAtAGlance, "Carbon footprint", "产品碳足迹"},
    {Label::kPerDeclaredUnit, "per declared unit", "每声明单位"},
    {Label::kPerFunctionalUnit, "per functional unit", "每功能单位"},

    {Label::kSecProduct, "Product and company", "产品与企业信息"},
    {Label::kSecGoalScope, "Goal and scope", "目的与范围"},
    {Label::kSecMethods, "Methods", "量化方法"},
    {Label::kSecDataQuality, "Data sources and data quality", "数据来源与数据质量"},
    {Label::kSecAllocation, "Allocation", "分配"},
    {Label::kSecCutoff, "Cut-off criteria", "取舍准则"},
    {Label::kSecResults, "Results", "量化结果"},
    {Label::kSecResultsTotal, "Total carbon footprint", "产品碳足迹总量"},
    {Label::kSecResultsStage, "Results by life-cycle stage", "按生命周期阶段的结果"},
    {Label::kSecResultsGas, "Results by greenhouse-gas category", "按温室气体类别的结果"},
    {Label::kSecResultsOrigin, "Results by data origin", "按数据来源的结果"},
    {Label::kSecResultsOther, "Other indicators", "其他指标"},
    {Label::kSecContribution, "Contribution analysis", "贡献分析"},
    {Label::kSecTree, "Contribution tree", "贡献树"},
    {Label::kSecHotspotProcess, "Hotspots by process", "按过程的热点"},
    {Label::kSecHotspotFlow, "Hotspots by elementary flow", "按基本流的热点"},
    {Label::kSecLimitations, "Limitations", "局限性"},
    {Label::kSecManifest, "Reproducibility", "可追溯性与复现信息"},

    {Label::kProductName, "Product", "产品名称"},
    {Label::kProductNameZh, "Product (Chinese name)", "产品中文名称"},
    {Label::kProductId, "Product identifier in the model", "模型中的产品标识"},
    {Label::kCompany, "Company", "企业名称"},
    {Label::kSite, "Production site", "生产地点"},
    {Label::kGeography, "Geography (ISO 3166-2)", "地理范围（ISO 3166-2）"},

    {Label::kGoal, "Goal of the study", "研究目的"},
    {Label::kGoalText,
     "To quantify the carbon footprint of the product named above for communication to customers and for "
     "internal improvement, following ISO 14067:2018 and GB/T 24067-2024. Type of study: {}.",
     "依据 ISO 14067:2018 和 GB/T 24067-2024 量化上述产品的碳足迹，用于向客户传递信息和企业内部改进。研究类型：{}。"},
    {Label::kStudyType, "Type of study", "研究类型"},
    {Label::kDeclaredUnit, "Declared unit", "声明单位"},
    {Label::kFunctionalUnit, "Functional unit", "功能单位"},
    {Label::kReferenceFlow, "Reference flow", "基准流"},
    {Label::kSystemBoundary, "System boundary", "系统边界"},
    {Label::kStagesIncluded, "Life-cycle stages included (EN 15804 modules)", "包含的生命周期阶段（EN 15804 模块）"},
    {Label::kStagesExcluded, "Life-cycle stages excluded", "未包含的生命周期阶段"},
    {Label::kNone, "none", "无"},
    {Label::kReferencePeriod, "Reference period (time boundary)", "数据时间范围（时间边界）"},
    {Label::kPcr, "Product category rules (PCR)", "产品种类规则（PCR）"},
    {Label::kNotGiven, "not stated", "未说明"},
    {Label::kUnitProcesses, "Unit processes of the manufacturer (foreground)", "企业自有单元过程（前景系统）"},
    {Label::kProcess, "Process", "过程"},
    {Label::kStage, "Stage", "阶段"},
    {Label::kName, "Name", "名称"},
    {Label::kUseEolScenarios, "Use-stage and end-of-life scenarios", "使用阶段与寿命终止情景"},
    {Label::kUseEolNotApplicable,
     "Not applicable: this is a partial carbon footprint; the use stage and the end of life lie outside the "
     "system boundary.",
     "不适用：本研究为产品部分碳足迹，使用阶段和寿命终止阶段在系统边界之外。"},
    {Label::kUseEolModelled, "Modelled in the modules listed above ({}); the scenarios are those of the product file.",
     "已在上述模块（{}）中建模，情景见产品文件。"},

    {Label::kCharacterizationMethod, "Characterization method", "特征化方法"},
    {Label::kIndicator, "Indicator", "指标"},
    {Label::kGwpSet, "GWP set (IPCC)", "全球增温潜势（GWP）数值来源（IPCC）"},
    {Label::kGwpSetUnknown, "not an IPCC GWP100 set (see the indicator's name)", "非 IPCC GWP100 数值（见指标名称）"},
    {Label::kGhgsCovered, "Greenhouse gases covered", "涵盖的温室气体"},
    {Label::kGhgsCoveredText,
     "All elementary flows the indicator characterizes; those present in this product's inventory: {}.",
     "指标特征化的全部基本流；本产品清单中出现的有：{}。"},
    {Label::kDatabase, "Background database", "背景数据库"},
    {Label::kDatabaseVersion, "Database version", "数据库版本"},
    {Label::kDatabaseHash, "Database content hash (SHA-256)", "数据库内容哈希（SHA-256）"},
    {Label::kDatabasePath, "Database file", "数据库文件"},
    {Label::kSolver, "Solver", "求解方法"},
    {Label::kResidual, "Relative residual of the solution", "求解相对残差"},
    {Label::kElectricity, "Electricity modelling", "电力建模"},
    {Label::kElectricityText,
     "Grid electricity from the background database (average consumption mix, no supplier-specific contractual "
     "instrument claimed): {}.",
     "电力采用背景数据库中的电网平均消费混合数据，未使用供应商特定的合同工具（如绿证、购电协议）：{}。"},
    {Label::kElectricityNone, "The manufacturer's processes take no electricity directly from the database.",
     "企业自有过程未直接使用数据库中的电力数据。"},
    {Label::kCalculationText,
     "The foreground processes, supplier footprints and transport legs are linked to the background database "
     "into one system that is solved as a whole (matrix method); the contribution analysis and every breakdown "
     "below come from the same solution and add up to the total.",
     "前景过程、供应商碳足迹和运输环节与背景数据库连接为一个整体系统，按矩阵法统一求解；下文的贡献分析与各项分解均来自同一求解结果，合计等于总量。"},

    {Label::kPrimaryData, "Primary (site-specific) data", "初级数据（现场数据）"},
    {Label::kPrimaryDataText,
     "The manufacturer's own processes ({} unit processes, listed under goal and scope) are modelled with the "
     "amounts and parameters of the product file:",
     "企业自有过程（共 {} 个单元过程，见“目的与范围”）采用产品文件中的数量和参数建模："},
    {Label::kParameters, "Parameters", "参数"},
    {Label::kParameter, "Parameter", "参数"},
    {Label::kValue, "Value", "数值"},
    {Label::kNoParameters, "The product file defines no parameters.", "产品文件未定义参数。"},
    {Label::kSecondaryData, "Secondary data", "次级数据"},
    {Label::kSecondaryDataText,
     "Everything upstream of the manufacturer's processes comes from the background database {} {} (content "
     "hash {}). Datasets used directly by the product file:",
     "企业自有过程的上游数据全部来自背景数据库 {} {}（内容哈希 {}）。产品文件直接引用的数据集："},
    {Label::kBackgroundDatasets, "Background datasets", "背景数据集"},
    {Label::kDataset, "Dataset", "数据集"},
    {Label::kRole, "Used as", "用途"},
    {Label::kRoleInput, "input", "输入"},
    {Label::kRoleTransport, "transport", "运输"},
    {Label::kRoleWaste, "waste treatment", "废弃物处理"},
    {Label::kRoleAvoided, "avoided product (credit)", "替代产品（抵扣）"},
    {Label::kSupplierData, "Supplier data", "供应商数据"},
    {Label::kSupplierDataText,
     "Supplier carbon footprints (WBCSD PACT) used as cradle-to-gate factors per declared unit; each file is "
     "identified by its SHA-256:",
     "供应商提供的产品碳足迹（WBCSD PACT 格式），作为每声明单位的从摇篮到大门排放因子使用；各文件以 SHA-256 标识："},
    {Label::kNoSuppliers, "No supplier footprints are used.", "未使用供应商碳足迹数据。"},
    {Label::kFile, "File", "文件"},
    {Label::kProduct, "Product", "产品"},
    {Label::kSpecVersion, "PACT version", "PACT 版本"},
    {Label::kPcfPerDeclaredUnit, "Footprint per declared unit (kg CO2e, excl. biogenic uptake)",
     "每声明单位碳足迹（kg CO2e，不含生物源吸收）"},
    {Label::kGwpSetsOfSupplier, "IPCC sets", "IPCC 数值来源"},
    {Label::kDataQualityText,
     "Data quality: primary data cover the processes the manufacturer owns or controls, as ISO 14067 requires; "
     "secondary data come from one database with a recorded version and content hash, so time, geography and "
     "technology coverage are those of its datasets.",
     "数据质量：初级数据覆盖企业拥有或控制的全部过程，符合 ISO 14067 的要求；次级数据来自同一数据库，版本和内容哈希均有记录，其时间、地理和技术代表性即各数据集的代表性。"},
    {Label::kProvenanceText,
     "The source, year, region and confidence of every factor of the background database (including those marked "
     "UNCONFIRMED) are listed by `pcf db show <dataset>`; they are not repeated in this report.",
     "背景数据库中每个因子的来源、年份、地区和可信度（包括标为 UNCONFIRMED 的因子）可用 `pcf db show <数据集>` 查询，本报告不再重复。"},
    {Label::kTimeCoverage, "Time period of the primary data", "初级数据的时间范围"},
    {Label::kPrimaryShare,
     "Primary data share (activity data of the manufacturer's own processes, whatever factor converts them, and "
     "the suppliers' own primary data share)",
     "初级数据占比（企业自有过程的活动数据，无论以何种因子换算，以及供应商自身的初级数据占比）"},

    {Label::kAllocationNone,
     "No multi-output processes: the manufacturer's processes each make one product, so no allocation was needed "
     "in the foreground. Allocation inside background datasets is documented in the database.",
     "无多产出过程：企业自有过程各只产出一种产品，前景系统无需分配。背景数据集内部的分配见数据库说明。"},
    {Label::kAllocationIntro, "Multi-output processes and the allocation factors used:", "多产出过程及所用分配系数："},
    {Label::kAllocationMethod, "Allocation method", "分配方法"},
    {Label::kAllocationFactor, "Allocation factor", "分配系数"},
    {Label::kAllocMass, "mass allocation", "按质量分配"},
    {Label::kAllocEconomic, "economic allocation (by price)", "按经济价值分配"},
    {Label::kAllocPhysical, "physical allocation (by a physical property)", "按物理关系分配"},
    {Label::kAllocFactors, "allocation factors given in the product file", "产品文件中指定的分配系数"},
    {Label::kAllocationEconomicNote,
     "Economic allocation is the last option of the ISO 14067 hierarchy; it was chosen because no physical "
     "relationship reflects why the co-products are made. The factors depend on prices: a sensitivity analysis "
     "with other prices or another allocation method is recommended.",
     "经济价值分配是 ISO 14067 分配顺序中的最后一种选择，采用它是因为没有物理关系能反映联产品产出的原因。分配系数取决于价格，建议采用其他价格或其他分配方法进行敏感性分析。"},
    {Label::kSystemExpansion, "System expansion (avoided products: module D, not part of the PCF)",
     "系统扩展（替代产品：D 模块，不计入产品碳足迹）"},
    {Label::kSystemExpansionNone, "No avoided products are credited.", "未对替代产品进行抵扣。"},
    {Label::kModuleD, "Module D: credits of avoided products (not part of the PCF)", "D 模块：替代产品的抵扣（不计入产品碳足迹）"},
    {Label::kModuleDNote,
     "Avoided products (system expansion) are reported as module D, apart from the declared footprint: EN 15804+A2 "
     "reports benefits beyond the system boundary separately from A1–A3, and PACT excludes avoided emissions from "
     "the PCF. They lower neither the total, nor a stage, nor any PACT value.",
     "替代产品（系统扩展）作为 D 模块单独报告，不计入声明的碳足迹：EN 15804+A2 将系统边界以外的效益与 A1–A3 分开报告，"
     "PACT 亦不将避免的排放计入产品碳足迹。它们不降低总量、任何阶段或任何 PACT 数值。"},
    {Label::kStageDApart, "D (credits of avoided products, reported apart, not part of the PCF)",
     "D（替代产品的抵扣，单独报告，不计入产品碳足迹）"},
    {Label::kNotPartOfPcf, "not part of the PCF", "不计入碳足迹"},
    {Label::kLineStages, "; lines also in {}", "；部分条目属于 {}"},
    {Label::kAllocationHierarchy,
     "Allocation hierarchy of ISO 14067: avoid allocation by subdivision or system expansion; else partition by a "
     "physical relationship; else by another relationship such as economic value.",
     "ISO 14067 的分配顺序：优先通过细分过程或系统扩展避免分配；其次按物理关系分配；再次按其他关系（如经济价值）分配。"},

    {Label::kCutoffRule, "Cut-off rule of the contribution analysis", "贡献分析的取舍规则"},
    {Label::kCutoffRuleText,
     "Branches of the contribution tree whose contribution is below {} % of the total are not expanded; they are "
     "summed in their parent.",
     "贡献树中贡献低于总量 {} % 的分支不再展开，计入其上级节点的合计。"},
    {Label::kCutoffHidden, "Branches summed below the cut-off: {} with together {} ({} of the total).",
     "低于取舍阈值而合并的分支：{} 个，合计 {}（占总量 {}）。"},
    {Label::kCutoffHiddenNone, "No branch fell below the cut-off.", "没有低于取舍阈值的分支。"},
    {Label::kCutoffTotal, "What the cut-off summed", "低于取舍阈值的部分"},
    {Label::kCutoffNoExclusion,
     "No process or flow was left out of the calculated total: the cut-off only limits what the contribution tree "
     "shows. Inputs that are not written in the product file are not part of the study.",
     "计算总量时未舍去任何过程或流：取舍阈值仅限制贡献树的展示深度。产品文件中未列出的输入不在本研究范围内。"},

    {Label::kTotal, "Total", "合计"},
    {Label::kTotalExact, "exact value", "精确值"},
    {Label::kShare, "Share", "占比"},
    {Label::kModule, "Module", "模块"},
    {Label::kDescription, "Description", "说明"},
    {Label::kGasGroup, "Category", "类别"},
    {Label::kGasFossil, "Fossil GHG emissions", "化石温室气体排放"},
    {Label::kGasBiogenicEmissions, "Biogenic GHG emissions", "生物源温室气体排放"},
    {Label::kGasBiogenicRemovals, "Biogenic GHG removals", "生物源温室气体清除"},
    {Label::kGasLandUseChange, "Land-use change (dLUC)", "土地利用变化（直接）"},
    {Label::kGasAircraft, "Aircraft emissions", "航空运输排放"},
    {Label::kGasNotCalculated,
     "Not calculated: indirect land-use change, delayed emissions and temporary carbon storage, biogenic carbon "
     "content of the product.",
     "未计算：间接土地利用变化、延迟排放与临时碳储存、产品的生物源碳含量。"},
    {Label::kOrigin, "Origin", "来源"},
    {Label::kOriginForeground, "Manufacturer's processes (primary data)", "企业自有过程（初级数据）"},
    {Label::kOriginBackground, "Background database (secondary data)", "背景数据库（次级数据）"},
    {Label::kOriginSupplier, "Supplier footprints", "供应商碳足迹"},
    {Label::kUnit, "Unit", "单位"},

    {Label::kContributionIntro,
     "From the product down through the processes that supply it; each line gives the amount supplied, the "
     "cradle-to-gate footprint of that amount and its share of the total, and the process's own (direct) emissions.",
     "自产品向上游逐级展开；每行给出供应量、该供应量的从摇篮到大门碳足迹及其占总量的比例，以及该过程自身的直接排放。"},
    {Label::kDirect, "direct", "直接排放"},
    {Label::kAmount, "Amount", "数量"},
    {Label::kBelowCutoff, "Below the cut-off", "低于取舍阈值"},
    {Label::kBranches, "branches", "个分支"},
    {Label::kBranch, "branch", "个分支"},
    {Label::kForegroundMark, "manufacturer", "企业"},
    {Label::kBackgroundMark, "database", "数据库"},
    {Label::kFlow, "Elementary flow", "基本流"},
    {Label::kRank, "No.", "序号"},
    {Label::kNoHotspots, "none", "无"},
    {Label::kChartStages, "Carbon footprint by life-cycle stage", "各生命周期阶段的碳足迹"},
    {Label::kChartContributions, "Largest contributions by process (direct emissions)", "各过程直接排放的主要贡献"},

    {Label::kLimitClimateOnly,
     "The study covers climate change only; other environmental impacts (e.g. acidification, water use, "
     "toxicity) are not assessed, and a low carbon footprint says nothing about them.",
     "本研究仅涉及气候变化，未评价其他环境影响（如酸化、水资源消耗、毒性），碳足迹低不代表其他影响也低。"},
    {Label::kLimitUnconfirmed,
     "Parts of the background database are labelled UNCONFIRMED (values from one weak source or from memory of a "
     "standard, awaiting a check against the original); where such factors dominate, the result carries their "
     "uncertainty. `pcf db show` names them.",
     "背景数据库中部分因子标为 UNCONFIRMED（仅有单一较弱来源，或凭对标准的记忆录入，尚待与原文核对）；若这类因子占主导，结果也带有相应的不确定性。可用 `pcf db show` 查看。"},
    {Label::kLimitAggregated,
     "Some background datasets and every supplier footprint enter as CO2e-aggregated values (GHG, CO2e, "
     "aggregated), so their split into gases is unknown: they are counted as fossil, and biogenic or land-use "
     "change shares inside them cannot be shown apart.",
     "部分背景数据集和全部供应商碳足迹以 CO2e 汇总值（GHG, CO2e, aggregated）录入，无法拆分到具体气体：这部分计为化石排放，其中可能包含的生物源或土地利用变化部分无法单独列出。"},
    {Label::kLimitUncertainty,
     "No quantitative uncertainty analysis was made; sensitivity is examined by calculating alternative product "
     "files (e.g. another allocation method).",
     "未进行定量不确定性分析；敏感性通过计算替代产品文件（如采用其他分配方法）来考察。"},
    {Label::kLimitNotCalculated,
     "Indirect land-use change, the timing of emissions and temporary carbon storage, and offsets are not part of "
     "this footprint.",
     "本碳足迹不包括间接土地利用变化、排放时间效应与临时碳储存，也不包括碳抵消。"},
    {Label::kLimitScope,
     "A partial carbon footprint may only be compared with another one of the same system boundary, declared unit, "
     "PCR and method.",
     "产品部分碳足迹只能与系统边界、声明单位、产品种类规则和方法相同的结果进行比较。"},
    {Label::kLimitReview, "This report has not been critically reviewed.", "本报告未经鉴定性评审。"},
    {Label::kLimitUserData,
     "The foreground amounts are those of the product file; their accuracy is the responsibility of the "
     "manufacturer that stated them.",
     "前景数据取自产品文件，其准确性由提供数据的企业负责。"},

    {Label::kEngineVersion, "Engine version", "计算软件版本"},
    {Label::kInputFiles, "Input files", "输入文件"},
    {Label::kSha256, "SHA-256", "SHA-256"},
    {Label::kGeneratedBy, "Generated by pcf {}; the same inputs give the same numbers.",
     "由 pcf {} 生成；相同输入得到相同结果。"},
    {Label::kWarnings, "Warnings", "警告"},

    {Label::kDqrHeading, "Data quality rating (DQR)", "数据质量评级（DQR）"},
    {Label::kDqrResult, "Data quality rating of the result (1 best … 5 worst)", "结果的数据质量评级（1 最好 … 5 最差）"},
    {Label::kDqrTechnological, "Technological representativeness", "技术代表性"},
    {Label::kDqrGeographical, "Geographical representativeness", "地理代表性"},
    {Label::kDqrTemporal, "Temporal representativeness", "时间代表性"},
    {Label::kDqrReliability, "Reliability", "可靠性"},
    {Label::kDqrCompleteness, "Completeness", "完整性"},
    {Label::kDqrPactV3, "PACT v3 `dqi` (technological, geographical, temporal; 1–5)", "PACT v3 `dqi`（技术、地理、时间；1–5）"},
    {Label::kDqrPactV2, "PACT v2.3 `dqi` (technological, temporal, geographical, completeness, reliability; 1–3)",
     "PACT v2.3 `dqi`（技术、时间、地理、完整性、可靠性；1–3）"},
    {Label::kDqrPactV2Value, "{}, from the inputs above 5 % of the footprint, which cover {} of it",
     "{}，取自占碳足迹 5 % 以上的输入，覆盖碳足迹的 {}"},
    {Label::kDqrPactV2None, "none: no input is above 5 % of the footprint", "无：没有输入占碳足迹 5 % 以上"},
    {Label::kDqrNone, "No input contributes to the total, so the result has no rating.", "没有输入对总量有贡献，结果无法评级。"},
    {Label::kDqrRules,
     "Each input of the manufacturer's processes (a database dataset it uses, a transport leg, a waste treatment, a "
     "direct emission, a supplier footprint) is rated from 1 (best) to 5 (worst); the result's rating is the average "
     "weighted by each input's absolute contribution to the total. Ratings stated in the product file (`dqr:`) are "
     "used as stated. Otherwise, for a database dataset: temporal from the years between the reference period and the "
     "data year (under 3 years: 1, under 6: 2, under 10: 3, under 15: 4, else 5); geographical 1 for the product's own "
     "region, 2 for its country, 3 for another region of that country, 4 for global data, 5 for another country; "
     "technological and completeness from the dataset's pedigree scores; reliability from its pedigree score, never "
     "better than the confidence label of the least sure factor it was built from (official 1, secondary and derived "
     "2, unconfirmed 5). A direct emission measured at the site rates 1, 1, 1 (reliability 2, not verified), an "
     "estimated one 2, 2, 2 (reliability 4); a supplier footprint rates 1, 1 and temporal by its reference year "
     "(reliability 3, not verified by pcf). Rules in docs/data-quality.md.",
     "制造商各过程的每项输入（所用数据库数据集、运输、废弃物处理、直接排放、供应商碳足迹）按 1（最好）至 5（最差）评级；"
     "结果的评级为以各输入对总量贡献的绝对值加权的平均值。产品文件中给定的评级（`dqr:`）按原值采用。否则，对数据库数据集："
     "时间代表性按参考期与数据年份之差（少于 3 年为 1，少于 6 年为 2，少于 10 年为 3，少于 15 年为 4，否则为 5）；"
     "地理代表性：产品所在地区为 1，所在国家为 2，该国其他地区为 3，全球数据为 4，其他国家为 5；技术代表性与完整性取数据集的"
     "数据质量谱系评分；可靠性取其谱系评分，但不优于其所依据的最不确定因子的置信标签（官方 1，二手与推导 2，未核实 5）。"
     "现场实测的直接排放评为 1、1、1（可靠性 2，未经核查），估算的直接排放评为 2、2、2（可靠性 4）；供应商碳足迹评为 1、1，"
     "时间代表性按其参考年份（可靠性 3，pcf 未核查）。规则见 docs/data-quality.md。"},
    {Label::kDqrWeighMost, "Inputs that weigh most", "权重最大的输入"},
    {Label::kDqrRateWorst, "Inputs that rate worst (weight at least 1 %)", "评级最差的输入（权重不低于 1 %）"},
    {Label::kDqrRateWorstNone, "No input of at least 1 % weight rates worse than 1.", "权重不低于 1 % 的输入评级均为 1。"},
    {Label::kDqrInput, "Input", "输入"},
    {Label::kDqrWeight, "Weight", "权重"},
    {Label::kDqrTech, "Tech.", "技术"},
    {Label::kDqrGeo, "Geo.", "地理"},
    {Label::kDqrTime, "Time", "时间"},
    {Label::kDqrMean, "Mean of the three", "三项平均"},
    {Label::kDqrBasis, "Basis", "依据"},
    {Label::kDqrStated, "stated in the product file", "产品文件给定"},
    {Label::kSecResultsUncertainty, "Uncertainty (Monte Carlo)", "不确定性（蒙特卡洛模拟）"},
    {Label::kMcIntro,
     "{} draws with seed {}: {} values of the product file and {} entries of the database carry an uncertainty and "
     "were drawn, and every draw solves the whole system again. The same seed gives the same figures (`pcf verify` "
     "reproduces them); values without an uncertainty are taken as exact.",
     "以种子 {1} 抽样 {0} 次：产品文件中 {2} 个数值与数据库中 {3} 个条目带有不确定性并参与抽样，每次抽样都重新求解整个系统。"
     "相同的种子给出相同的结果（`pcf verify` 可复现）；未给出不确定性的数值按精确值处理。"},
    {Label::kMcChart, "Distribution of the total", "总量的分布"},
    {Label::kMcChartNote, "Point value {}; 95 % of the draws lie between {} and {}.", "点值 {}；95 % 的抽样结果介于 {} 与 {} 之间。"},
    {Label::kMcPercentiles, "Statistics of the draws", "抽样结果统计"},
    {Label::kMcMean, "Mean", "平均值"},
    {Label::kMcSd, "Standard deviation", "标准差"},
    {Label::kMcMedian, "Median", "中位数"},
    {Label::kMcDrivers, "What drives it", "不确定性的主要来源"},
    {Label::kMcDriversPending,
     "The ranking of the uncertain inputs by their share of the variance of the total is not part of this result.",
     "本结果未包含按对总量方差贡献排序的不确定输入。"},
    {Label::kMcDriversSrc,
     "Share of the variance of the total from the same draws: squared standardized regression coefficients (SRC²) of a "
     "linear regression of the total on the {} of the {} uncertain inputs most correlated with it (R² = {}).",
     "由同一组抽样计算各输入对总量方差的贡献：将总量对与其相关性最强的 {} 个不确定输入（共 {} 个）作线性回归，取标准化回归系数的平方"
     "（SRC²，R² = {}）。"},
    {Label::kMcDriversSpearman,
     "The total is far from linear in its inputs (R² of the regression {} < 0.7), so the shares are ρ² / Σ ρ² of "
     "Spearman rank correlations over the {} of the {} uncertain inputs most correlated with the total.",
     "总量与输入的关系远非线性（回归 R² = {} < 0.7），因此贡献按斯皮尔曼秩相关系数计算：ρ² / Σ ρ²，取与总量相关性最强的 {} 个不确定输入（共 {} 个）。"},
    {Label::kMcDriversNone, "The total does not vary between the draws: there is nothing to rank.",
     "各次抽样的总量相同，无需排序。"},
    {Label::kMcInput, "Uncertain input", "不确定输入"},
    {Label::kMcShare, "Share of the variance", "方差贡献"},
    {Label::kMcKind, "Kind", "类型"},
    {Label::kMcKindParameter, "parameter", "参数"},
    {Label::kMcKindAmount, "amount in the product file", "产品文件中的数量"},
    {Label::kMcKindBackgroundExchange, "database: technosphere entry", "数据库：技术圈条目"},
    {Label::kMcKindBackgroundFlow, "database: emission entry", "数据库：排放条目"},
    {Label::kMcInterval, "95 % interval", "95 % 区间"},
    {Label::kLimitUncertaintyMc,
     "The uncertainty was quantified by Monte Carlo simulation over the values that carry an uncertainty (section "
     "“Uncertainty”); values without one are taken as exact, so the interval does not include their uncertainty.",
     "不确定性通过对带有不确定性的数值进行蒙特卡洛模拟来量化（见“不确定性”一节）；未给出不确定性的数值按精确值处理，"
     "因此区间不包含其不确定性。"},
    {Label::kSecResultsSensitivity, "Sensitivity analysis", "敏感性分析"},
    {Label::kSensIntro,
     "Every parameter and every foreground amount of the product file was changed on its own by −{0} and +{0} and the "
     "system solved again ({1} inputs varied, {2} not varied); elasticity = (ΔT/T)/(Δx/x) = (T₊ − T₋)/(2 δ T). An "
     "elasticity of 0.3 means that a 1 % change of the input changes the total by 0.3 %; for an amount the total is "
     "linear in, it equals the amount's share of the total. `pcf sensitivity` lists every input, and why an input "
     "was not varied.",
     "逐一将产品文件中的每个参数和每个前景数量单独改变 −{0} 和 +{0}，并重新求解系统（变动 {1} 个输入，未变动 {2} 个）；"
     "弹性系数 = (ΔT/T)/(Δx/x) = (T₊ − T₋)/(2 δ T)。弹性系数 0.3 表示该输入改变 1 % 时总量改变 0.3 %；对于总量与之成线性关系的数量，"
     "弹性系数等于其占总量的份额。`pcf sensitivity` 列出全部输入及未变动的原因。"},
    {Label::kSensTornado, "Tornado chart: the total at −δ (orange) and +δ (blue) around the point value",
     "龙卷风图：点值两侧为 −δ（橙色）和 +δ（蓝色）时的总量"},
    {Label::kSensRanked, "Inputs ranked by elasticity (the {} largest)", "按弹性系数排序的输入（前 {} 个）"},
    {Label::kSensMinus, "Total at −δ", "−δ 时总量"},
    {Label::kSensPlus, "Total at +δ", "+δ 时总量"},
    {Label::kSensElasticity, "Elasticity", "弹性系数"},
    {Label::kSensNone, "No input could be varied: every value is 0 or its changed file is not valid.",
     "没有可变动的输入：所有数值均为 0，或改变后的产品文件无效。"},
    {Label::kSensAllocation, "Allocation alternatives", "分配方法比较"},
    {Label::kSensNoAllocation, "No process has several outputs: there is no allocation to compare.",
     "没有多产出过程：无分配方法可比较。"},
    {Label::kSensAllocMethod, "Allocation", "分配方法"},
    {Label::kSensProcesses, "Processes", "过程"},
    {Label::kSensDifference, "Difference", "差值"},
    {Label::kSensRelative, "Relative difference", "相对差值"},
    {Label::kSensFileChoice, "the file's choice", "产品文件所选"},
    {Label::kSensNotApplicable, "not applicable", "不适用"},
    {Label::kLimitUncertaintySens,
     "No quantitative uncertainty analysis was made (`pcf calc --mc N` makes one); the sensitivity analysis (section "
     "“Sensitivity analysis”) shows how the total responds to each input and to the allocation method.",
     "未进行定量不确定性分析（可用 `pcf calc --mc N` 进行）；敏感性分析（见“敏感性分析”一节）给出总量对各输入及分配方法的响应。"},
};

constexpr bool RowsInEnumOrder() {
  std::size_t i = 0;
  for (const Row& r : kRows) {
    if (static_cast<std::size_t>(r.label) != i) return false;
    ++i;
  }
  return i == static_cast<std::size_t>(Label::kCount);
}
static_assert(RowsInEnumOrder(), "kRows must list every Label once, in the order of the enum");

struct StageRow {
  const char* module;
  const char* en;
  const char* zh;
};

constexpr StageRow kStages[] = {
    {"A1", "Raw material supply", "原材料获取"},
    {"A2", "Transport to the manufacturer", "原材料运输"},
    {"A3", "Manufacturing", "生产制造"},
    {"A4", "Transport to the site", "运输至施工现场"},
    {"A5", "Construction and installation", "施工安装"},
    {"B1", "Use", "使用"},
    {"B2", "Maintenance", "维护"},
    {"B3", "Repair", "维修"},
    {"B4", "Replacement", "更换"},
    {"B5", "Refurbishment", "翻新"},
    {"B6", "Operational energy use", "运行能耗"},
    {"B7", "Operational water use", "运行水耗"},
    {"C1", "Deconstruction and demolition", "拆除"},
    {"C2", "Transport to waste processing", "废弃物运输"},
    {"C3", "Waste processing", "废弃物处理"},
    {"C4", "Disposal", "最终处置"},
    {"D", "Benefits and loads beyond the system boundary", "系统边界以外的效益与负荷"},
};

}  // namespace

std::string_view Tr(Label label, Language language) {
  const Row& r = kRows[static_cast<std::size_t>(label)];
  return language == Language::kChinese ? r.zh : r.en;
}

std::string_view StageDescription(std::string_view module, Language language) {
  for (const StageRow& s : kStages)
    if (module == s.module) return language == Language::kChinese ? s.zh : s.en;
  return "";
}

std::string SystemBoundaryName(const std::string& boundary, Language language, const std::string& modules) {
  const bool zh = language == Language::kChinese;
  std::string name = boundary;
  if (boundary == "cradle-to-gate") name = zh ? "从摇篮到大门" : "cradle to gate";
  if (boundary == "cradle-to-grave") name = zh ? "从摇篮到坟墓" : "cradle to grave";
  if (boundary == "gate-to-gate") name = zh ? "从大门到大门" : "gate to gate";
  // The modules come from what the study includes, never from the boundary's name.
  if (modules.empty()) return name;
  return zh ? name + "（" + modules + "）" : name + " (" + modules + ")";
}

std::string AllocationMethodName(const std::string& method, Language language) {
  if (method == "mass") return std::string(Tr(Label::kAllocMass, language));
  if (method == "economic") return std::string(Tr(Label::kAllocEconomic, language));
  if (method == "physical") return std::string(Tr(Label::kAllocPhysical, language));
  if (method == "factors") return std::string(Tr(Label::kAllocFactors, language));
  return method;
}

std::string_view LanguageTag(Language language) { return language == Language::kChinese ? "zh-CN" : "en"; }

}  // namespace pcf
