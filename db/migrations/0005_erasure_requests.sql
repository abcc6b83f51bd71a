CREATE TABLE `erasure_requests` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`requested_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `erasure_requests_status_idx` ON `erasure_requests` (`status`,`due_at`);--> statement-breakpoint
CREATE INDEX `erasure_requests_customer_idx` ON `erasure_requests` (`customer_id`);