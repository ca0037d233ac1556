import type { OperationHandlers } from './simulator-context.js';
import { boardRoutes } from './routes/board-routes.js';
import { itemRoutes } from './routes/item-routes.js';
import { typedItemRoutes } from './routes/typed-item-routes.js';
import { bulkRoutes } from './routes/bulk-routes.js';
import { oauthRoutes } from './routes/oauth-routes.js';
import { scimRoutes } from './routes/scim-routes.js';
import { tagRoutes } from './routes/tag-routes.js';
import { connectorRoutes } from './routes/connector-routes.js';
import { groupRoutes } from './routes/group-routes.js';
import { memberRoutes } from './routes/member-routes.js';
import { exportRoutes } from './routes/export-routes.js';

/** Every operation the simulator acts on, by operationId; the rest of the document answers 501. */
export const simulatedOperations: OperationHandlers = {
  ...boardRoutes,
  ...typedItemRoutes,
  ...itemRoutes,
  ...bulkRoutes,
  ...oauthRoutes,
  ...scimRoutes,
  ...tagRoutes,
  ...connectorRoutes,
  ...groupRoutes,
  ...memberRoutes,
  ...exportRoutes,
};
