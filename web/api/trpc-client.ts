/**
 * The typed client of the server's tRPC API at /trpc. The session is an HttpOnly cookie, so requests carry
 * credentials, and every call sends the `x-kiunga-csrf: 1` header the server requires on cookie-authenticated
 * mutations (a cross-site form cannot set custom headers).
 *
 *   const flows = await api.flows.list.query({ search: 'malaria' });
 */
import { createTRPCClient, httpLink } from '@trpc/client';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/api/router.js';

export const CSRF_HEADER = 'x-kiunga-csrf';

export const api = createTRPCClient<AppRouter>({
  links: [
    httpLink({
      url: '/trpc',
      headers: () => ({ [CSRF_HEADER]: '1' }),
      fetch: (input, init) => fetch(input, { ...(init as RequestInit), credentials: 'same-origin' }),
    }),
  ],
});

/** Inputs of every procedure, e.g. `ApiInputs['flows']['create']`. */
export type ApiInputs = inferRouterInputs<AppRouter>;
/** Outputs of every procedure, e.g. `ApiOutputs['flows']['list']`. */
export type ApiOutputs = inferRouterOutputs<AppRouter>;
