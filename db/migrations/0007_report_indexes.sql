DROP INDEX `contacts_store_idx`;--> statement-breakpoint
CREATE INDEX `contacts_store_idx` ON `contacts` (`store_id`,`at`,`staff_id`,`customer_id`);--> statement-breakpoint
CREATE INDEX `holds_store_created_idx` ON `holds` (`store_id`,`created_at`,`staff_id`,`status`,`expires_at`,`variant_id`,`quantity`);--> statement-breakpoint
CREATE INDEX `holds_store_resolved_idx` ON `holds` (`store_id`,`resolved_at`,`status`);--> statement-breakpoint
CREATE INDEX `notes_store_created_idx` ON `notes` (`store_id`,`created_at`,`staff_id`);--> statement-breakpoint
CREATE INDEX `social_mentions_store_posted_idx` ON `social_mentions` (`store_id`,`posted_at`,`status`);--> statement-breakpoint
CREATE INDEX `social_mentions_store_replied_idx` ON `social_mentions` (`store_id`,`replied_at`);