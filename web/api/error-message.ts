/**
 * Turns any failure of an API call into a sentence for a program officer, in the current language.
 * tRPC errors carry a code (UNAUTHORIZED, TOO_MANY_REQUESTS, ...); validation errors may carry the fields.
 *
 *   catch (error) { setError(errorMessage(error, t)); }   // "Too many attempts. Wait a few minutes…"
 */
import { TRPCClientError } from '@trpc/client';
import type { TFunction } from 'i18next';

/** The tRPC error code of a failed call, if the server sent one. Example: `"UNAUTHORIZED"`. */
export function errorCode(error: unknown): string | undefined {
  if (error instanceof TRPCClientError) {
    const data = error.data as { code?: unknown } | undefined;
    if (typeof data?.code === 'string') return data.code;
  }
  return undefined;
}

/** Input validation failures as the server formats them: `data.zodIssues = [{ path: "email", message: "Invalid email" }]`. */
function fieldErrors(error: unknown): string[] {
  if (!(error instanceof TRPCClientError)) return [];
  const issues = (error.data as { zodIssues?: { path?: string; message?: string }[] } | undefined)?.zodIssues;
  if (!Array.isArray(issues)) return [];
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message ?? ''}` : String(issue.message ?? '')));
}

/** Flow problems a failed publish / import / save carries: `data.flowIssues` (runtime FlowIssue list). */
export function flowIssuesOf(error: unknown): unknown[] {
  if (!(error instanceof TRPCClientError)) return [];
  const issues = (error.data as { flowIssues?: unknown } | undefined)?.flowIssues;
  return Array.isArray(issues) ? issues : [];
}

/** fetch() itself failed (server down, offline): tRPC wraps the TypeError without a code. */
function isNetworkFailure(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  return error instanceof TRPCClientError && !error.data && error.cause instanceof TypeError;
}

/** A clear message for the error, mentioning what the server said when that helps. */
export function errorMessage(error: unknown, t: TFunction): string {
  const code = errorCode(error);
  const serverText = error instanceof Error ? error.message : '';
  switch (code) {
    case 'UNAUTHORIZED':
      return t('errors.unauthorized');
    case 'FORBIDDEN':
      return t('errors.forbidden');
    case 'TOO_MANY_REQUESTS':
      return t('errors.rateLimited');
    case 'NOT_FOUND':
      return t('errors.notFound');
    case 'CONFLICT':
      return t('errors.conflict', { detail: serverText });
    case 'BAD_REQUEST': {
      const fields = fieldErrors(error);
      return t('errors.badRequest', { detail: fields.length ? fields.join('; ') : serverText });
    }
    case 'PAYLOAD_TOO_LARGE':
      return t('errors.tooLarge');
    case 'INTERNAL_SERVER_ERROR':
      return t('errors.server');
    default:
      if (isNetworkFailure(error)) return t('errors.network');
      return serverText ? t('errors.generic', { detail: serverText }) : t('errors.unknown');
  }
}
