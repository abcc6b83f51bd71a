CREATE TABLE `anonymous_identities` (
	`anonymous_id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `change_feed` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`customer_id` text,
	`store_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `change_feed_at_idx` ON `change_feed` (`at`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`store_id` text NOT NULL,
	`kind` text NOT NULL,
	`summary` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `contacts_customer_idx` ON `contacts` (`customer_id`,`at`);--> statement-breakpoint
CREATE INDEX `contacts_store_idx` ON `contacts` (`store_id`,`at`,`staff_id`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`store_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`created_by_staff_id` text NOT NULL,
	`due_on` text NOT NULL,
	`reason` text NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`outcome` text,
	`done_at` integer,
	`done_by_staff_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`done_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `follow_ups_staff_status_idx` ON `follow_ups` (`staff_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `follow_ups_store_status_idx` ON `follow_ups` (`store_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `follow_ups_customer_idx` ON `follow_ups` (`customer_id`,`status`,`due_on`);--> statement-breakpoint
CREATE INDEX `follow_ups_store_done_idx` ON `follow_ups` (`store_id`,`done_at`);--> statement-breakpoint
CREATE TABLE `source_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`name` text NOT NULL,
	`key_hash` text NOT NULL,
	`key_prefix` text NOT NULL,
	`created_by_staff_id` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	`revoked_by_staff_id` text,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`revoked_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `source_keys_hash_uq` ON `source_keys` (`key_hash`);--> statement-breakpoint
CREATE INDEX `source_keys_store_idx` ON `source_keys` (`store_id`,`created_at`);--> statement-breakpoint
ALTER TABLE `customers` ADD `tags` text DEFAULT '[]' NOT NULL;--> statement-breakpoint
ALTER TABLE `customers` ADD `address` text;--> statement-breakpoint
ALTER TABLE `customers` ADD `source_note` text;--> statement-breakpoint
ALTER TABLE `online_events` ADD `image_url` text;--> statement-breakpoint
ALTER TABLE `online_events` ADD `product_url` text;--> statement-breakpoint
ALTER TABLE `online_events` ADD `sku` text;--> statement-breakpoint
ALTER TABLE `online_events` ADD `event_name` text;--> statement-breakpoint
ALTER TABLE `online_events` ADD `source_key_id` text;--> statement-breakpoint
ALTER TABLE `social_mentions` ADD `kind` text DEFAULT 'post' NOT NULL;--> statement-breakpoint
ALTER TABLE `social_mentions` ADD `media_id` text;--> statement-breakpoint
ALTER TABLE `social_mentions` ADD `author_external_id` text;