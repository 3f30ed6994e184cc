/**
 * A fresh random UUID for new nodes, actions, exits, categories and cases (the browser's crypto.randomUUID).
 *
 *   newUuid()  → "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
 */
export function newUuid(): string {
  return crypto.randomUUID();
}
