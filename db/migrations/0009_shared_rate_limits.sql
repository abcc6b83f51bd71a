CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`count` integer NOT NULL,
	`reset_at` integer NOT NULL
);
--> statement-breakpoint
DROP INDEX `holds_idempotency_uq`;--> statement-breakpoint
CREATE UNIQUE INDEX `holds_staff_idempotency_uq` ON `holds` (`staff_id`,`idempotency_key`);