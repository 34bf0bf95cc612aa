/**
 * nginx WebSocket Lab engine: the one public entry point. Everything not exported here
 * is internal. Each section is owned by one part of the engine; keep them grouped.
 */
// biome-ignore-all assist/source/organizeImports: exports stay grouped by owner, one section each

// --- contract types --------------------------------------------------------------------
export type { CodeTable, Message, MessageParam } from './message';
export { type MessageNamespace, messageCodes } from './codes';
export type { ConfigError, ConfigFile, Directive, ParseResult, Span } from './config/ast';
export type {
  AnyOutcome,
  AnyScenario,
  BackendAnswer,
  BackendConnection,
  BackendKind,
  BackendSpec,
  BodyPart,
  ClientOutcome,
  ClientRequest,
  ClientRequestV2,
  ClientStep,
  ClientStepV2,
  ConfigErrorOutcome,
  ConfigErrorOutcomeV2,
  Expectation,
  ExpectedFrame,
  FrameKind,
  Localized,
  Outcome,
  OutcomeEnd,
  OutcomeFrame,
  OutcomeResponse,
  OutcomeFrameV2,
  OutcomeResponseV2,
  OutcomeV2,
  RequestOutcome,
  ResponseAnswer,
  RunOutcome,
  RunOutcomeV2,
  Scenario,
  ScenarioClient,
  ScenarioClientV2,
  ScenarioEvent,
  ScenarioV2,
  UpstreamRequest,
  UpstreamRequestV2,
} from './scenario/types';
export { isConfigError, isOutcomeV2, isScenarioV2 } from './scenario/types';
// The contract's JSON Schemas (docs/scenario-format.md), for the CLI's loader and the tests.
export { default as outcomeSchema } from './scenario/outcome.schema.json' with { type: 'json' };
export { default as scenarioSchema } from './scenario/scenario.schema.json' with { type: 'json' };
export type { HeaderDecision, Provenance } from './explain/types';
export type {
  Lane,
  Simulation,
  TimelineEvent,
  TranscriptLine,
} from './sim/types';

// --- config: parse, analyse, print -----------------------------------------------------
export type { AnalyzeOptions } from './config/analyze';
export { analyzeConfig, checkParsed, suggestDirective } from './config/analyze';
export { checkConfig, formatConfigError, formatNginxError } from './config/check';
export { toCrossplane } from './config/crossplane';
export type {
  CrossplaneConfig,
  CrossplaneFileError,
  CrossplaneHost,
  CrossplaneParseOptions,
  CrossplanePayload,
  CrossplanePayloadError,
  CrossplaneStatement,
  OsError,
} from './config/crossplane/parse';
export { combineConfigs, crossplaneParse } from './config/crossplane/parse';
export { type BuildOptions, asFileText, buildConfig, enquote, formatConfig } from './config/crossplane/build';
export { pythonJson } from './config/crossplane/json';
export type { ContextName, DirectiveDefinition, DirectiveName, ModuleType } from './config/directives';
export {
  acceptsArgumentCount,
  CONTEXTS,
  definitionIn,
  directiveInfo,
  directiveNames,
  NGX,
} from './config/directives';
export type { ConfigForm } from './config/form';
export { configForm, wrapHttpContent } from './config/form';
export {
  codePointName,
  INVISIBLE_CHARS,
  showInvisible,
  stripInvisible,
} from './config/invisible';
export type { IncludedFile, IncludeFailure, IncludeResolver, ParseOptions } from './config/parse';
export { parseConfig } from './config/parse';
export { printConfig, quoteArgument } from './config/print';
export type { ConfigNode, ConfigTree, Context, NodeSpan, TreeFile } from './config/tree';
export { parseDuration, parseNumber, parseOffset, parseSeconds, parseSize } from './config/values';
export { isBuiltinVariable, namedCaptures, referencedVariables, VARIABLE_PREFIXES } from './config/variables';

// --- scenario: load, compare -----------------------------------------------------------
export type { Difference } from './scenario/compare';
export { compareOutcomes, configErrorMessage, TIME_TOLERANCE } from './scenario/compare';
export type { LoadResult, ScenarioProblem } from './scenario/load';
export { coerceScenario, DEFAULT_UNTIL, defaultBackend, loadScenario, scenarioToYaml } from './scenario/load';
export type { ScenarioLimit } from './limits/scenario';
export { SCENARIO_LIMITS } from './limits/scenario';

// --- simulate and render ---------------------------------------------------------------
export type { RegexMatch, RegexOrigin, RegexRun, RegexRunner } from './eval/regex';
export { defaultRegexRunner, unguardedRegexRunner, watchedRegexRunner } from './eval/regex';
export type { VersionFeatures } from './eval/version';
export { DEFAULT_NGINX_VERSION, versionFeatures } from './eval/version';
export { type Reason, type ReasonCode, reasonCodes } from './explain/reasons';
export { escapeMermaid, renderMermaid } from './render/mermaid';
export type { TranscriptOptions } from './render/transcript';
export { renderTranscript } from './render/transcript';
export { CONFIG_FILE } from './sim/prepare';
export { wireHeaderName } from './sim/response-headers';
export type { SimulateOptions } from './sim/simulate';
export { NOT_MODELLED, simulate } from './sim/simulate';

// --- diagnostics -----------------------------------------------------------------------
export type {
  DiagnoseOptions,
  Diagnostic,
  Fix as DiagnosticFix,
  Position as DiagnosticPosition,
  RuleId as DiagnosticRuleId,
  Severity as DiagnosticSeverity,
  TextEdit as DiagnosticEdit,
} from './diagnostics/index';
export {
  applyEdits,
  type DiagnosticCode,
  diagnose,
  diagnoseScenario,
  diagnosticCodes,
  ruleGuides,
  ruleIds,
  ruleScenarios,
} from './diagnostics/index';

// --- exercises: expectations -----------------------------------------------------------
export type {
  Exercise,
  ExerciseCheck,
  ExerciseText,
  ExerciseEngine,
  ExerciseError,
  ExtraRun,
  Level,
  RunReport,
} from './exercises/exercise';
export { checkExercise, parseExercise, scenarioText } from './exercises/exercise';
export type { CheckContext, GoalResult } from './exercises/goals';
export { type GoalCode, goalCodes } from './exercises/messages';
export { allPassed, checkExpectations } from './exercises/goals';
export type { TlsServer } from './exercises/tls';
export { defaultSslProtocols, tlsServers } from './exercises/tls';

// --- robustness limits (issues 10 and 15) ------------------------------------------------
export { MAX_BLOCK_DEPTH } from './config/parse';
export {
  MAX_DIAGRAM_MESSAGES,
  MAX_DIRECTIVES,
  MAX_GLOB_ENTRIES,
  MAX_NOTE_TEXT,
  MAX_SCENARIO_ENTRIES,
  MAX_SIMULATED_EVENTS,
  MAX_STEPS,
  MAX_VIEW_CHARS,
  MAX_VIEW_ROWS,
  MAX_VIEW_TABLES,
  MAX_YAML_VALUES,
} from './limits/counts';
export {
  exceedsBytes,
  formatBytes,
  MAX_CONFIG_BYTES,
  MAX_CONFIG_TREE_BYTES,
  MAX_FILE_BYTES,
  MAX_SCENARIO_BYTES,
  tooLargeMessage,
  utf8Bytes,
} from './limits/size';
export { ENGINE_TIME_LIMIT_MS, REGEX_BLAME_MS } from './limits/time';
export { tooManyYamlValues } from './limits/yaml-values';

// --- permalinks ------------------------------------------------------------------------
export type { PermalinkResult } from './permalink';
export {
  decodePermalink,
  encodePermalink,
  MAX_PERMALINK_BYTES,
  PERMALINK_VALUE,
  PERMALINK_VERSION,
  permalinkFromHash,
} from './permalink';
