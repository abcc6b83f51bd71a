CREATE TABLE `store_social_accounts` (
	`store_id` text NOT NULL,
	`network` text NOT NULL,
	`account_id` text NOT NULL,
	`username` text NOT NULL,
	`access_token` text NOT NULL,
	`refresh_token` text,
	`expires_at` integer,
	`connected_by_staff_id` text NOT NULL,
	`connected_at` integer NOT NULL,
	PRIMARY KEY(`store_id`, `network`),
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`connected_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`link_id` text,
	`store_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text,
	`body` text NOT NULL,
	`transport` text NOT NULL,
	`status` text NOT NULL,
	`error` text,
	`provider_id` text,
	`status_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	`mention_id` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`link_id`) REFERENCES `customer_links`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`mention_id`) REFERENCES `social_mentions`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "customer_id", "link_id", "store_id", "staff_id", "channel", "recipient", "subject", "body", "transport", "status", "error", "provider_id", "status_at", "created_at", "sent_at") SELECT "id", "customer_id", "link_id", "store_id", "staff_id", "channel", "recipient", "subject", "body", "transport", "status", "error", "provider_id", "status_at", "created_at", "sent_at" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `outbox_mention_idx` ON `outbox` (`mention_id`);--> statement-breakpoint
CREATE INDEX `outbox_customer_idx` ON `outbox` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `outbox_store_idx` ON `outbox` (`store_id`,`created_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_provider_idx` ON `outbox` (`transport`,`provider_id`);