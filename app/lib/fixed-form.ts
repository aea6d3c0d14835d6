// Values written in a fixed form, apart from the form library, so that a page's own scripts can use it too.

const FORMAT_CHARACTERS = /\p{Cf}/gu;

/**
 * `text` without format characters (\p{Cf}: zero-width spaces, word joiners, the byte order mark, soft
 * hyphens, direction marks and controls). For a value written in a fixed form (a survey code, a number, a
 * date, a time, an email address, a URN, a postcode, a phone number), where none has
 * a use: text pasted from a document, a chat or a slide brings them in unseen, and the value's check then
 * refused what the person could see was right ("Enter the code your teacher gave you" for the right code).
 * Names and other text refuse them instead, with a message saying so (`plainText`). Pure.
 */
export function withoutFormatCharacters(text: string): string {
  return text.replace(FORMAT_CHARACTERS, "");
}
