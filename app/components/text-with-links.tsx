/**
 * Plain text (an email body) with its web addresses made into links. Only http and https addresses
 * become links, and everything else stays text, so a message can never inject markup.
 */
const WEB_ADDRESS = /(https?:\/\/[^\s<>"]*[^\s<>".,;:!?)'"])/g;

export function TextWithLinks({ text }: { text: string }) {
  const parts = text.split(WEB_ADDRESS);
  return (
    <>
      {parts.map((part, index) =>
        // split() with a capturing group puts the matches at the odd positions.
        index % 2 === 1 ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </>
  );
}
