DROP INDEX "follow_ups_store_status_idx";--> statement-breakpoint
CREATE INDEX "follow_ups_store_status_idx" ON "follow_ups" USING btree ("store_id","status","due_on","staff_id");