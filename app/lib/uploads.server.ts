import { unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type UploadHandler } from "@remix-run/node";
import { MAX_UPLOAD_BYTES, tooBigMessage } from "./uploads";

export type UploadResult = { ok: true; formData: FormData } | { ok: false; message: string };

/**
 * Reads a multipart form into memory, answering a file over the limit with a message the user can act
 * on. The rest of a too-big file is still read (and thrown away): a browser that is stopped mid-upload
 * reports a broken connection instead of showing the answer. Very large bodies are for the proxy in
 * front of the app to refuse.
 */
export async function readUpload(request: Request, maxBytes = MAX_UPLOAD_BYTES): Promise<UploadResult> {
  let tooBig = false;
  async function* withinLimit(data: AsyncIterable<Uint8Array>) {
    let size = 0;
    for await (const chunk of data) {
      size += chunk.byteLength;
      if (size > maxBytes) tooBig = true;
      if (!tooBig) yield chunk;
    }
  }
  const inMemory = unstable_createMemoryUploadHandler({ maxPartSize: maxBytes });
  const handler: UploadHandler = (part) => inMemory({ ...part, data: withinLimit(part.data) });

  let formData: FormData;
  try {
    formData = await unstable_parseMultipartFormData(request, handler);
  } catch {
    // Not multipart at all, or a body cut short: it is the request that is wrong, not the server.
    return { ok: false, message: "The upload could not be read. Select the CSV file and try again" };
  }
  if (tooBig) return { ok: false, message: tooBigMessage(maxBytes) };
  return { ok: true, formData };
}
