// Known tokens and keys the e2e server plants (scripts/e2e-server.ts imports this file: keep it free of @playwright/test).

/** A well-formed token whose link the e2e server stores as expired yesterday. */
export const EXPIRED_LINK_TOKEN = "e2eExpiredLinkToken000000000000000000000000";

/** A write key the e2e server plants for the Fifth Avenue store, for posting events to /api/v1/*. */
export const E2E_WRITE_KEY = "shk_e2eFifthAvenueWriteKey000000000000000000000";

/** A well-formed token whose link the e2e server stores as active, for another customer than Alicia: the screens spec only looks at it. */
export const ACTIVE_LINK_TOKEN = "e2eActiveLinkToken0000000000000000000000000";

/** A well-formed token whose link the e2e server stores as active for Alicia, from Maya, with nothing on hold: booking a visit from her page. */
export const ALICIA_LINK_TOKEN = "e2eAliciaLinkToken0000000000000000000000000";
