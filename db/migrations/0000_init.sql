CREATE TABLE `audit_log` (
	`id` text PRIMARY KEY NOT NULL,
	`at` integer NOT NULL,
	`staff_id` text,
	`store_id` text,
	`action` text NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`customer_id` text,
	`detail` text,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_customer_idx` ON `audit_log` (`customer_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_staff_action_idx` ON `audit_log` (`staff_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `audit_log_store_idx` ON `audit_log` (`store_id`,`at`);--> statement-breakpoint
CREATE TABLE `customer_handles` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`network` text NOT NULL,
	`handle` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customer_handles_network_handle_uq` ON `customer_handles` (`network`,`handle`);--> statement-breakpoint
CREATE INDEX `customer_handles_customer_idx` ON `customer_handles` (`customer_id`);--> statement-breakpoint
CREATE TABLE `customer_preferences` (
	`customer_id` text PRIMARY KEY NOT NULL,
	`sizes` text DEFAULT '{}' NOT NULL,
	`colours` text DEFAULT '[]' NOT NULL,
	`brands` text DEFAULT '[]' NOT NULL,
	`styles` text DEFAULT '[]' NOT NULL,
	`dislikes` text DEFAULT '[]' NOT NULL,
	`price_min_cents` integer,
	`price_max_cents` integer,
	`free_text` text,
	`updated_at` integer NOT NULL,
	`updated_by_staff_id` text,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`updated_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `customer_search_terms` (
	`term` text NOT NULL,
	`customer_id` text NOT NULL,
	`kind` text NOT NULL,
	PRIMARY KEY(`term`, `customer_id`),
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `customer_search_terms_customer_idx` ON `customer_search_terms` (`customer_id`,`term`);--> statement-breakpoint
CREATE TABLE `customers` (
	`id` text PRIMARY KEY NOT NULL,
	`external_id` text,
	`first_name` text NOT NULL,
	`last_name` text NOT NULL,
	`email` text,
	`phone` text,
	`occupation` text,
	`city` text,
	`home_store_id` text,
	`assigned_staff_id` text,
	`consent_email` integer DEFAULT false NOT NULL,
	`consent_sms` integer DEFAULT false NOT NULL,
	`consent_phone` integer DEFAULT false NOT NULL,
	`last_visit_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`home_store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`assigned_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `customers_external_id_uq` ON `customers` (`external_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `customers_email_uq` ON `customers` (`email`);--> statement-breakpoint
CREATE INDEX `customers_phone_idx` ON `customers` (`phone`);--> statement-breakpoint
CREATE INDEX `customers_assigned_idx` ON `customers` (`assigned_staff_id`,`last_name`);--> statement-breakpoint
CREATE INDEX `customers_home_store_idx` ON `customers` (`home_store_id`);--> statement-breakpoint
CREATE TABLE `holds` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`store_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`quantity` integer DEFAULT 1 NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`expires_at` integer NOT NULL,
	`note` text,
	`idempotency_key` text NOT NULL,
	`resolved_at` integer,
	`resolved_by_staff_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`variant_id`) REFERENCES `product_variants`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `holds_idempotency_uq` ON `holds` (`idempotency_key`);--> statement-breakpoint
CREATE INDEX `holds_customer_idx` ON `holds` (`customer_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `holds_store_status_idx` ON `holds` (`store_id`,`status`,`expires_at`);--> statement-breakpoint
CREATE INDEX `holds_variant_status_idx` ON `holds` (`variant_id`,`store_id`,`status`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`store_id` text NOT NULL,
	`body` text NOT NULL,
	`pinned` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notes_customer_idx` ON `notes` (`customer_id`,`pinned`,`created_at`);--> statement-breakpoint
CREATE TABLE `online_events` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text,
	`anonymous_id` text,
	`message_id` text,
	`type` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`product_id` text,
	`variant_id` text,
	`product_name` text,
	`search_query` text,
	`channel` text DEFAULT 'web' NOT NULL,
	`value_cents` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `product_variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `online_events_customer_time_idx` ON `online_events` (`customer_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `online_events_anonymous_idx` ON `online_events` (`anonymous_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `online_events_message_uq` ON `online_events` (`message_id`);--> statement-breakpoint
CREATE TABLE `product_variants` (
	`id` text PRIMARY KEY NOT NULL,
	`product_id` text NOT NULL,
	`sku` text NOT NULL,
	`size` text NOT NULL,
	`colour` text NOT NULL,
	`colour_hex` text NOT NULL,
	`price_cents` integer NOT NULL,
	`image_url` text NOT NULL,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `product_variants_sku_uq` ON `product_variants` (`sku`);--> statement-breakpoint
CREATE INDEX `product_variants_product_idx` ON `product_variants` (`product_id`);--> statement-breakpoint
CREATE TABLE `products` (
	`id` text PRIMARY KEY NOT NULL,
	`style_code` text NOT NULL,
	`name` text NOT NULL,
	`brand` text NOT NULL,
	`category` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`style` text,
	`price_cents` integer NOT NULL,
	`image_url` text NOT NULL,
	`online_url` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `products_style_code_uq` ON `products` (`style_code`);--> statement-breakpoint
CREATE INDEX `products_category_idx` ON `products` (`category`);--> statement-breakpoint
CREATE TABLE `purchase_lines` (
	`id` text PRIMARY KEY NOT NULL,
	`purchase_id` text NOT NULL,
	`product_id` text,
	`variant_id` text,
	`description` text NOT NULL,
	`quantity` integer NOT NULL,
	`unit_price_cents` integer NOT NULL,
	FOREIGN KEY (`purchase_id`) REFERENCES `purchases`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `product_variants`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `purchase_lines_purchase_idx` ON `purchase_lines` (`purchase_id`);--> statement-breakpoint
CREATE TABLE `purchases` (
	`id` text PRIMARY KEY NOT NULL,
	`customer_id` text NOT NULL,
	`channel` text NOT NULL,
	`store_id` text,
	`staff_id` text,
	`order_ref` text NOT NULL,
	`total_cents` integer NOT NULL,
	`purchased_at` integer NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `purchases_customer_time_idx` ON `purchases` (`customer_id`,`purchased_at`);--> statement-breakpoint
CREATE TABLE `social_mentions` (
	`id` text PRIMARY KEY NOT NULL,
	`network` text NOT NULL,
	`external_id` text NOT NULL,
	`handle` text NOT NULL,
	`text` text NOT NULL,
	`url` text NOT NULL,
	`media_url` text,
	`posted_at` integer NOT NULL,
	`customer_id` text,
	`product_id` text,
	`store_id` text,
	`status` text DEFAULT 'new' NOT NULL,
	`reply_text` text,
	`replied_by_staff_id` text,
	`replied_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`product_id`) REFERENCES `products`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`replied_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `social_mentions_network_external_uq` ON `social_mentions` (`network`,`external_id`);--> statement-breakpoint
CREATE INDEX `social_mentions_customer_idx` ON `social_mentions` (`customer_id`,`posted_at`);--> statement-breakpoint
CREATE INDEX `social_mentions_store_status_idx` ON `social_mentions` (`store_id`,`status`,`posted_at`);--> statement-breakpoint
CREATE TABLE `staff` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`store_id` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`failed_sign_ins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `staff_email_uq` ON `staff` (`email`);--> statement-breakpoint
CREATE INDEX `staff_store_idx` ON `staff` (`store_id`);--> statement-breakpoint
CREATE TABLE `store_stock` (
	`store_id` text NOT NULL,
	`variant_id` text NOT NULL,
	`on_hand` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`store_id`, `variant_id`),
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`variant_id`) REFERENCES `product_variants`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `store_stock_variant_idx` ON `store_stock` (`variant_id`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`city` text NOT NULL,
	`address` text NOT NULL,
	`phone` text NOT NULL,
	`timezone` text NOT NULL,
	`opening_hours` text NOT NULL,
	`is_flagship` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL
);
