CREATE TABLE `link_responses` (
	`id` text PRIMARY KEY NOT NULL,
	`link_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`store_id` text NOT NULL,
	`kind` text NOT NULL,
	`detail` text NOT NULL,
	`hold_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`seen_at` integer,
	FOREIGN KEY (`link_id`) REFERENCES `customer_links`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hold_id`) REFERENCES `holds`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `link_responses_customer_idx` ON `link_responses` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `link_responses_store_idx` ON `link_responses` (`store_id`,`seen_at`,`created_at`);