/**
 * Remix options. The Vite plugin does not read this file on its own: vite.config.ts imports it
 * and passes it to the plugin, so this stays the one place these options live.
 * @type {import("@remix-run/dev").VitePluginConfig}
 */
export default {
  appDirectory: "app",
  buildDirectory: process.env.BUILD_DIR ?? "build",
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    // Routes are listed by app/routes.ts.
    v3_routeConfig: true,
  },
};
