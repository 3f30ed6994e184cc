/**
 * Size limits of a flow definition (the same as goflow's, so a flow valid here is valid on RapidPro).
 */
export const LIMITS = {
  /** nodes per flow */
  nodes: 1000,
  /** actions per node */
  actions: 100,
  /** exits per node */
  exits: 100,
  /** categories per router */
  categories: 100,
  /** cases per switch router */
  cases: 100,
  /** arguments per case */
  caseArguments: 10,
  /** characters in a flow name */
  flowName: 64,
  /** characters in a result name */
  resultName: 64,
  /** characters in a category name */
  categoryName: 36,
  /** characters in the name of a referenced asset (group, label, flow...) */
  assetName: 64,
  /** characters in a localized property name */
  localizationProperty: 64,
} as const;
