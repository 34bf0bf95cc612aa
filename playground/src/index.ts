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

// --- scenario: load, compare -----------------------------------------------------------

// --- simulate and render ---------------------------------------------------------------

// --- diagnostics -----------------------------------------------------------------------

// --- exercises: expectations -----------------------------------------------------------

// --- permalinks ------------------------------------------------------------------------
