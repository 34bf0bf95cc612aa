/**
 * nginx WebSocket Lab engine: the one public entry point. Everything not exported here
 * is internal. Each section is owned by one part of the engine; keep them grouped.
 */

// --- contract types -------------------------------------------------------------------
export type { ConfigError, ConfigFile, Directive, ParseResult, Span } from './config/ast';
export type {
  BackendKind,
  BackendSpec,
  ClientRequest,
  ClientStep,
  ConfigErrorOutcome,
  Expectation,
  FrameKind,
  Localized,
  Outcome,
  OutcomeEnd,
  OutcomeFrame,
  OutcomeResponse,
  RunOutcome,
  Scenario,
  ScenarioClient,
  UpstreamRequest,
} from './scenario/types';
export { isConfigError } from './scenario/types';
export type {
  HeaderDecision,
  Lane,
  Provenance,
  Simulation,
  TimelineEvent,
  TranscriptLine,
} from './sim/types';

// --- config: parse, analyse, print -----------------------------------------------------
export type { ConfigForm } from './config/form';
export { configForm, wrapHttpContent } from './config/form';
export type { IncludedFile, IncludeResolver, ParseOptions } from './config/parse';
export { parseConfig, spanOf } from './config/parse';
export type { AnalyzeOptions } from './config/analyze';
export { analyzeConfig, checkParsed, suggestDirective } from './config/analyze';
export { checkConfig, formatConfigError, formatNginxError } from './config/check';
export { printConfig, quoteArgument } from './config/print';
export { parseDuration, parseNumber, parseOffset, parseSeconds, parseSize } from './config/values';
export type { ContextName, DirectiveDefinition, ModuleType } from './config/directives';
export { acceptsArgumentCount, CONTEXTS, definitionIn, directiveInfo, directiveNames, NGX } from './config/directives';
export { isBuiltinVariable, namedCaptures, referencedVariables, VARIABLE_PREFIXES } from './config/variables';

// --- scenario: load, compare -----------------------------------------------------------
export type { Difference } from './scenario/compare';
export { compareOutcomes, configErrorMessage, TIME_TOLERANCE } from './scenario/compare';

// --- simulate and render ---------------------------------------------------------------

// --- diagnostics -----------------------------------------------------------------------

// --- exercises: expectations -----------------------------------------------------------
export type { Bilingual, CheckContext, GoalResult } from './exercises/goals';
export { allPassed, checkExpectations } from './exercises/goals';
export type { Exercise, ExerciseCheck, ExerciseEngine, ExerciseError, ExtraRun, Level, RunReport } from './exercises/exercise';
export { checkExercise, parseExercise, scenarioText } from './exercises/exercise';
export type { TlsServer } from './exercises/tls';
export type { ExpectedFrame } from './scenario/types';
export { defaultSslProtocols, tlsServers } from './exercises/tls';

// --- permalinks ------------------------------------------------------------------------
