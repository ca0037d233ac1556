import type { OperationHandlers } from './simulator-context.js';
import { boardRoutes } from './routes/board-routes.js';
import { itemRoutes } from './routes/item-routes.js';
import { typedItemRoutes } from './routes/typed-item-routes.js';
import { bulkRoutes } from './routes/bulk-routes.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { scimRoutes } from './routes/scim-routes.js';

/** Every operation the simulator acts on, by operationId; the rest of the document answers 501. */
export const simulatedOperations: OperationHandlers = {
  ...boardRoutes,
  ...typedItemRoutes,
  ...itemRoutes,
  ...bulkRoutes,
  ...oauthRoutes,
  ...scimRoutes,
};
