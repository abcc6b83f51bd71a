/** A well-formed token whose link the e2e server stores as expired yesterday. */
export const EXPIRED_LINK_TOKEN = "e2eExpiredLinkToken000000000000000000000000";
