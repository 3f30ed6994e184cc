/**
 * Bounds that keep a hostile or accidental template from exhausting the process: each limit turns
 * into a clear error value instead of a stack overflow, a hang or a huge allocation.
 *
 *   MAX_TEMPLATE_LENGTH — characters in one template
 *   MAX_NESTING_DEPTH   — nesting of parentheses / calls / operators in one expression
 *   MAX_EVALUATION_STEPS — AST nodes evaluated for one expression (loops included)
 *   MAX_TEXT_LENGTH     — characters a function may produce (repeat, replace, join, ...)
 *   MAX_ARRAY_LENGTH    — items a function may produce
 */
export const MAX_TEMPLATE_LENGTH = 100_000;
export const MAX_NESTING_DEPTH = 100;
export const MAX_EVALUATION_STEPS = 200_000;
export const MAX_TEXT_LENGTH = 1_000_000;
export const MAX_ARRAY_LENGTH = 100_000;
