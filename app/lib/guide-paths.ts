/**
 * A guide page's address for readers: /guide/<section slug>/<page slug>. Pure. Slugs as stored (lower-case
 * letters, digits and single hyphens) need no encoding; a caller with a slug from a request encodes it first.
 */
export const guidePageHref = (sectionSlug: string, pageSlug: string) => `/guide/${sectionSlug}/${pageSlug}`;
