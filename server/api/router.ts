/**
 * The whole API: one tRPC router per area, merged. The web UI imports `AppRouter` (type only) for its client.
 *
 * Example (client): `trpc.flows.list.query({ search: 'regis' })`, `trpc.auth.login.mutate({ email, password })`.
 */
import { router } from './trpc.js';
import { authRouter } from './routers/auth.js';
import { usersRouter } from './routers/users.js';
import { workspaceRouter } from './routers/workspace.js';
import { flowsRouter } from './routers/flows.js';
import { contactsRouter } from './routers/contacts.js';
import { groupsRouter } from './routers/groups.js';
import { apiTokensRouter } from './routers/api-tokens.js';
import { messagingRouter } from './routers/messaging.js';
import { nlpRouter } from './routers/nlp.js';
import { fhirRouter } from './routers/fhir.js';
import { coursesRouter } from './routers/courses.js';
import { mediaRouter } from './routers/media.js';
import { targetingRouter } from './routers/targeting.js';
import { resultsRouter } from './routers/results.js';
import { inboxRouter } from './routers/inbox.js';
import { libraryRouter } from './routers/library.js';

export const appRouter = router({
  auth: authRouter,
  users: usersRouter,
  workspace: workspaceRouter,
  flows: flowsRouter,
  contacts: contactsRouter,
  groups: groupsRouter,
  apiTokens: apiTokensRouter,
  messaging: messagingRouter,
  nlp: nlpRouter,
  fhir: fhirRouter,
  courses: coursesRouter,
  media: mediaRouter,
  targeting: targetingRouter,
  results: resultsRouter,
  inbox: inboxRouter,
  library: libraryRouter,
});

export type AppRouter = typeof appRouter;
