import { flatRoutes } from "@remix-run/fs-routes";
import type { RouteConfig } from "@remix-run/route-config";

// The same file-name conventions as before v3_routeConfig: every file in app/routes/ is a route,
// named as it always was. The ignored patterns moved here from remix.config.js.
export default flatRoutes({ ignoredRouteFiles: ["**/*.test.*", "**/*.server.*", "**/.*"] }) satisfies RouteConfig;
