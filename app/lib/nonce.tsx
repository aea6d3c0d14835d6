import { createContext, useContext } from "react";

/**
 * The Content-Security-Policy nonce of the response being rendered. The server provides it
 * (entry.server.tsx); in the browser it is empty, as browsers hide nonces from the page once read.
 */
const NonceContext = createContext("");

export const NonceProvider = NonceContext.Provider;

export function useNonce() {
  return useContext(NonceContext);
}
