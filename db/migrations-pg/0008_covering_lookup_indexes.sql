DROP INDEX "customer_search_terms_staff_idx";--> statement-breakpoint
DROP INDEX "customer_search_terms_store_idx";--> statement-breakpoint
CREATE INDEX "customer_search_terms_staff_idx" ON "customer_search_terms" USING btree ("assigned_staff_id","term","customer_id");--> statement-breakpoint
CREATE INDEX "customer_search_terms_store_idx" ON "customer_search_terms" USING btree ("home_store_id","term","customer_id");