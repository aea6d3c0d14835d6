import pg from "pg";

/** How the held connection names itself to PostgreSQL (pg_stat_activity.application_name). */
export const PRESENCE_APPLICATION_NAME = "vrn-schools-forum server";

export type ServerPresence = {
  /** Resolves once the connection is first open (never rejects: a failure is tried again). */
  opened: Promise<void>;
  /** Closes the connection and stops opening it again. */
  stop(): Promise<void>;
};

/**
 * Keeps one connection of the server's own open, idle, to the PostgreSQL database at `url` while the
 * server runs. `npm run restore` refuses while any other session is connected to the database
 * (scripts/lib/backup-postgresql.mjs), and the query pool closes a connection after 10 s idle, so a
 * quiet server had none open and a restore replaced its data under it, its kept figures and sessions
 * then out of step with the database. A connection that drops (a failover, a restart of the database)
 * is opened again after `retryMs` ms. One connection per server process, never used for a query.
 * @param url a postgresql:// URL, as DATABASE_URL gives it
 */
export function holdServerPresence(url: string, { retryMs = 5_000 }: { retryMs?: number } = {}): ServerPresence {
  let stopped = false;
  let current: pg.Client | undefined;
  let connected = false;
  let retry: NodeJS.Timeout | undefined;
  let markOpened = () => {};
  const opened = new Promise<void>((resolve) => (markOpened = resolve));

  const openAgainLater = (client: pg.Client) => {
    if (current !== client) return; // Already dealt with: an error and the end of one connection both come here.
    current = undefined;
    connected = false;
    if (stopped) return;
    retry = setTimeout(open, retryMs);
    retry.unref();
  };

  function open() {
    const client = new pg.Client({ connectionString: url, application_name: PRESENCE_APPLICATION_NAME, connectionTimeoutMillis: 10_000 });
    current = client;
    client.on("error", () => openAgainLater(client));
    client.on("end", () => openAgainLater(client));
    client.connect().then(
      () => {
        if (stopped) return void client.end().catch(() => undefined);
        connected = true;
        markOpened();
      },
      () => openAgainLater(client),
    );
  }

  open();
  return {
    opened,
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const client = current;
      current = undefined;
      // One still connecting is closed as its connection opens (above).
      if (client && connected) await client.end().catch(() => undefined);
    },
  };
}
