CREATE TABLE `selection_items` (
	`id` text PRIMARY KEY NOT NULL,
	`selection_id` text NOT NULL,
	`product_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`line` text NOT NULL,
	`position` integer NOT NULL,
	`response` text,
	`reason` text,
	`hold_id` text,
	`responded_at` integer,
	FOREIGN KEY (`selection_id`) REFERENCES `selections`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `product_variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`hold_id`) REFERENCES `holds`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `selection_items_position_uq` ON `selection_items` (`selection_id`,`position`);--> statement-breakpoint
CREATE INDEX `selection_items_product_idx` ON `selection_items` (`product_id`);--> statement-breakpoint
CREATE TABLE `selections` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`customer_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`message` text NOT NULL,
	`link_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`link_id`) REFERENCES `customer_links`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `selections_customer_idx` ON `selections` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `selections_store_idx` ON `selections` (`store_id`,`sent_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `selections_link_uq` ON `selections` (`link_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `selections_draft_uq` ON `selections` (`customer_id`,`staff_id`,`store_id`) WHERE sent_at is null;