import type { CodeTable } from '../message';
import { sharedCodes } from './messages';
import { addHeaderNotOn101 } from './rules/add-header';
import { workerConnectionsLow } from './rules/capacity';
import { missingHttpVersion } from './rules/http-version';
import { ifLastWins } from './rules/if-blocks';
import { addHeaderInheritanceLost, headerInheritanceLost } from './rules/inheritance';
import { invisibleCharacter } from './rules/invisible';
import { keepaliveConnectionClose } from './rules/keepalive';
import { mapNoDefault, mapNoEmptyKey } from './rules/maps';
import { bufferingMyth, gzipMyth } from './rules/myths';
import { timeoutLostInNamedLocation } from './rules/named-location-timeout';
import { regexLocationUnanchored } from './rules/regex-anchor';
import { locationShadowed } from './rules/shadowing';
import { connectTimeoutCap, readTimeoutVsHeartbeat } from './rules/timeouts';
import { sslNoCertificate, sslOnDeprecated, tlsObsolete } from './rules/tls';
import { trailingSlashRedirect } from './rules/trailing-slash';
import { mapVariableUndefined } from './rules/undefined-variable';
import { upgradeAnyProtocol } from './rules/upgrade-any';
import {
  connectionFromClient,
  connectionHardcodedUpgrade,
  connectionNotSet,
  upgradeNotForwarded,
} from './rules/upgrade-headers';

/**
 * Every rule, in the order its findings sort when they share a position. The one list a new
 * rule joins: ids, guide links, scenarios and the code table below are derived from it.
 */
export const rules = [
  missingHttpVersion,
  upgradeNotForwarded,
  connectionNotSet,
  connectionHardcodedUpgrade,
  connectionFromClient,
  mapNoDefault,
  mapNoEmptyKey,
  mapVariableUndefined,
  headerInheritanceLost,
  keepaliveConnectionClose,
  readTimeoutVsHeartbeat,
  connectTimeoutCap,
  bufferingMyth,
  gzipMyth,
  tlsObsolete,
  workerConnectionsLow,
  locationShadowed,
  trailingSlashRedirect,
  addHeaderNotOn101,
  addHeaderInheritanceLost,
  ifLastWins,
  invisibleCharacter,
  upgradeAnyProtocol,
  sslOnDeprecated,
  sslNoCertificate,
  regexLocationUnanchored,
  timeoutLostInNamedLocation,
] as const;

type Registered = (typeof rules)[number];

export type RuleId = Registered['id'];

type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (u: infer I) => void ? I : never;

/**
 * Every message code a diagnostic can carry (its message, explanation, fix title, and the
 * pieces they nest), with the parameters its text uses: the shared codes and each rule's own.
 * The texts live in the site's dictionaries (namespace `diagnostic` of src/i18n/<lang>.json).
 */
export const diagnosticCodes = Object.assign(
  {},
  sharedCodes,
  ...rules.map((r): CodeTable => r.codes),
) as typeof sharedCodes & Intersection<Registered['codes']>;

export type DiagnosticCode = keyof typeof diagnosticCodes;

export const ruleIds: readonly RuleId[] = rules.map((r) => r.id);

/**
 * Where each rule is explained in the guides (site path without the language prefix).
 * Anchors are explicit ids that exist in both languages (headings slugify differently in
 * zh and en); tests/unit/diagnostics-guides.test.ts checks every target exists.
 */
export const ruleGuides = Object.fromEntries(rules.map((r) => [r.id, r.guide])) as Record<RuleId, string>;

/**
 * The scenario that shows a behaviour-backed rule's effect on real nginx (file name of a
 * scenario under content/scenarios/, recorded against nginx 1.22.1).
 */
export const ruleScenarios = Object.fromEntries(
  rules.flatMap((r): Array<[RuleId, string]> => ('scenario' in r && r.scenario ? [[r.id, r.scenario]] : [])),
) as Partial<Record<RuleId, string>>;
