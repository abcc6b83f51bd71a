CREATE TABLE `inbound_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`store_id` text NOT NULL,
	`channel` text NOT NULL,
	`sender` text NOT NULL,
	`body` text NOT NULL,
	`provider_id` text NOT NULL,
	`status` text NOT NULL,
	`answered_by_staff_id` text,
	`answered_at` integer,
	`received_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`answered_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `inbound_messages_provider_idx` ON `inbound_messages` (`channel`,`provider_id`);--> statement-breakpoint
CREATE INDEX `inbound_messages_customer_idx` ON `inbound_messages` (`customer_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_messages_store_idx` ON `inbound_messages` (`store_id`,`status`,`received_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `provider_id` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `status_at` integer;--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_provider_idx` ON `outbox` (`transport`,`provider_id`);