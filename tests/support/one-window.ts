import { setTimeout as sleep } from "node:timers/promises";
import { windowEndAfter } from "../../app/lib/clock-windows";

/**
 * Waits, when the rate-limit window of `windowMs` now running has less than `needMs` left, for the next
 * one to begin. Windows run on the clock (`windowEndAfter`, decision 0151), and hits either side of a
 * window's end are counted apart, so a test that counts hits up to a limit makes them all in one window
 * by calling this first with the time its hits may take.
 */
export async function waitForRoomInWindow(windowMs: number, needMs: number): Promise<void> {
  if (needMs >= windowMs) throw new Error(`Hits taking ${needMs} ms cannot all fall in a window of ${windowMs} ms`);
  const left = windowEndAfter(Date.now(), windowMs) - Date.now();
  if (left < needMs) await sleep(left + 20);
}
