/**
 * A templates-gallery error a person can act on: `not_found` (no such template) or `invalid` (the template's
 * files are broken; `issues` lists the flow problems, each with its path).
 * Example: `throw new LibraryError('not_found', 'template "cholera": no such template in flows-library/')`.
 */
import type { FlowIssue } from '../../runtime/definition/issues.js';

export type LibraryErrorCode = 'not_found' | 'invalid';

export class LibraryError extends Error {
  constructor(readonly code: LibraryErrorCode, message: string, readonly flowIssues: FlowIssue[] = []) {
    super(message);
    this.name = 'LibraryError';
  }
}
