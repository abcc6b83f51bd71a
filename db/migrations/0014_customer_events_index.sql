DROP INDEX `online_events_customer_time_idx`;--> statement-breakpoint
CREATE INDEX `online_events_customer_time_idx` ON `online_events` (`customer_id`,`occurred_at`) WHERE customer_id is not null;