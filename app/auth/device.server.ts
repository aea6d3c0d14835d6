import Bowser from "bowser";
import { cutToCharacters } from "~/lib/characters";

const KINDS: Record<string, string> = { desktop: "computer", mobile: "phone", tablet: "tablet", tv: "television", bot: "automated tool" };

/**
 * A coarse, human description of the browser behind a User-Agent header, such as "Firefox on Windows
 * (computer)", for the account page's list of signed-in devices. Parsed by Bowser; no version numbers
 * and nothing that identifies a network. Null when the header is missing or says nothing recognisable.
 */
export function describeDevice(userAgent: string | null | undefined): string | null {
  const header = cutToCharacters(userAgent?.trim() ?? "", 512);
  if (!header) return null;
  const parsed = Bowser.parse(header);
  const browser = parsed.browser.name;
  const system = parsed.os.name;
  const kind = parsed.platform.type ? KINDS[parsed.platform.type] : undefined;
  const what = browser && system ? `${browser} on ${system}` : browser || system;
  if (!what) return kind ? `Unknown browser (${kind})` : null;
  return kind ? `${what} (${kind})` : what;
}
