/**
 * Scheduled work inside the server process: a croner timer wakes once a minute and runs one pass of the
 * timetable (runDueWork in app/models/scheduled-work.server.ts). The clock is injectable, so tests drive
 * passes at any time of their choosing without waiting. See docs/decisions/0036-scheduled-work-in-the-server.md.
 */
import { Cron } from "croner";
import { leaseHolderName, noteSchedulerStarted } from "~/models/job-runs.server";
import { describeJobPass, runDueWork, type JobPass } from "~/models/scheduled-work.server";

export type Scheduler = {
  /** Runs one pass now (at the injected clock's time); waits for a pass already running first. */
  tick: () => Promise<JobPass[]>;
  /** When the timer will next wake, or null once stopped. */
  nextWake: () => Date | null;
  /** Stops the timer and waits for a pass in progress to finish. */
  stop: () => Promise<void>;
};

/**
 * Starts the once-a-minute timer. `clock` gives the time each pass runs at (default: the real time);
 * `log` receives one line per job that ran or failed, with `failed` true for a failure, which the default
 * writes as an error line of the log (the one operators are told to watch for). `paused` sets the timer without letting it wake:
 * for a test that drives every pass itself with `tick`, which a pass started by the real minute's turn
 * would otherwise race for the same slot.
 */
export function startScheduler({
  clock = () => new Date(),
  log = (line: string, { failed }: { failed: boolean }) => (failed ? console.error(line) : console.log(line)),
  holder = leaseHolderName(),
  paused = false,
}: { clock?: () => Date; log?: (line: string, outcome: { failed: boolean }) => void; holder?: string; paused?: boolean } = {}): Scheduler {
  let running: Promise<JobPass[]> = Promise.resolve([]);
  const tick = () => {
    running = running
      .catch(() => [])
      .then(async () => {
        const passes = await runDueWork({ clock, holder, trigger: "schedule" });
        for (const pass of passes) if (pass.ran) log(`Scheduled work: ${describeJobPass(pass)}`, { failed: pass.outcome === "FAILED" });
        return passes;
      });
    return running;
  };
  const timer = new Cron("* * * * *", { timezone: "Europe/London", protect: true, unref: true, paused }, async () => {
    try {
      await tick();
    } catch (error) {
      // A database that is briefly unreachable must not stop the timer: the next minute tries again.
      console.error("Scheduled work could not run:", error);
    }
  });
  noteSchedulerStarted(clock());
  return {
    tick,
    nextWake: () => timer.nextRun(),
    stop: async () => {
      timer.stop();
      noteSchedulerStarted(null);
      await running.catch(() => undefined);
    },
  };
}
