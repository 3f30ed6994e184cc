/**
 * A classifier operation refused for a reason the caller can fix; `code` picks the HTTP/tRPC status.
 * Example: `throw new NlpStoreError('not_found', 'uuid: no classifier 1c06… in this workspace.')`.
 */
export class NlpStoreError extends Error {
  constructor(readonly code: 'not_found' | 'conflict' | 'invalid', message: string) {
    super(message);
    this.name = 'NlpStoreError';
  }
}
