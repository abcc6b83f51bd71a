// The tables the domain code uses, for whichever database this process runs
// on (db/dialect.ts). Both schemas declare the same tables, columns and
// indexes; the domain is typed against the PostgreSQL one, and
// `npm run typecheck` also checks it against the SQLite one
// (tsconfig.sqlite.json), so a query that only one database understands fails
// the build.
import { currentDialect } from "./dialect";
import * as pgSchema from "./schema.pg";
import * as sqliteSchema from "./schema.sqlite";

export * from "./schema-constants";

const schema: typeof pgSchema = currentDialect() === "pg" ? pgSchema : (sqliteSchema as unknown as typeof pgSchema);

export const { stores, storeClosures, storeSocialAccounts, staff, customers, customerSearchTerms, searchWordTrigrams, customerHandles, customerPreferences, preferenceChanges, products, productVariants, storeStock, onlineEvents, socialMentions, purchases, purchaseLines, holds, notes, auditLog, customerLinks, customerLinkHolds, linkOpens, linkResponses, erasureRequests, outbox, inboundMessages, followUps, contacts, sourceKeys, anonymousIdentities, changeFeed, rateLimits, reportDays, reportHours, reportContactPairs, offlineChanges, appointmentTypes, staffAvailability, staffTimeOff, appointments, appointmentSlots, bookingCodes, appointmentMessages, selections, selectionItems } = schema;
