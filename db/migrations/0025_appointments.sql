CREATE TABLE `appointment_messages` (
	`id` text PRIMARY KEY NOT NULL,
	`appointment_id` text NOT NULL,
	`kind` text NOT NULL,
	`starts_at` integer NOT NULL,
	`outbox_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointment_messages_reminder_uq` ON `appointment_messages` (`appointment_id`,`kind`,`starts_at`) WHERE kind in ('reminder_24h', 'reminder_2h');--> statement-breakpoint
CREATE INDEX `appointment_messages_appointment_idx` ON `appointment_messages` (`appointment_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `appointment_slots` (
	`staff_id` text NOT NULL,
	`slot_start` integer NOT NULL,
	`appointment_id` text NOT NULL,
	PRIMARY KEY(`staff_id`, `slot_start`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`appointment_id`) REFERENCES `appointments`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `appointment_slots_appointment_idx` ON `appointment_slots` (`appointment_id`);--> statement-breakpoint
CREATE TABLE `appointment_types` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`duration_minutes` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `appointment_types_store_idx` ON `appointment_types` (`store_id`,`active`);--> statement-breakpoint
CREATE TABLE `appointments` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`staff_id` text NOT NULL,
	`customer_id` text,
	`type_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`status` text DEFAULT 'booked' NOT NULL,
	`contact_name` text NOT NULL,
	`contact_email` text,
	`contact_phone` text,
	`channel` text NOT NULL,
	`manage_token_hash` text NOT NULL,
	`sequence` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`cancelled_at` integer,
	`cancelled_by_staff_id` text,
	`moved_at` integer,
	`marked_at` integer,
	`marked_by_staff_id` text,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`type_id`) REFERENCES `appointment_types`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`marked_by_staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appointments_manage_token_uq` ON `appointments` (`manage_token_hash`);--> statement-breakpoint
CREATE INDEX `appointments_store_start_idx` ON `appointments` (`store_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_staff_start_idx` ON `appointments` (`staff_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_customer_idx` ON `appointments` (`customer_id`,`starts_at`);--> statement-breakpoint
CREATE INDEX `appointments_status_start_idx` ON `appointments` (`status`,`starts_at`);--> statement-breakpoint
CREATE TABLE `booking_codes` (
	`id` text PRIMARY KEY NOT NULL,
	`store_id` text NOT NULL,
	`channel` text NOT NULL,
	`contact` text NOT NULL,
	`code_hash` text NOT NULL,
	`expires_at` integer NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`verified_at` integer,
	`token_hash` text,
	`used_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `booking_codes_token_uq` ON `booking_codes` (`token_hash`);--> statement-breakpoint
CREATE INDEX `booking_codes_contact_idx` ON `booking_codes` (`store_id`,`contact`,`created_at`);--> statement-breakpoint
CREATE TABLE `staff_availability` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`store_id` text NOT NULL,
	`weekday` text NOT NULL,
	`starts` text NOT NULL,
	`ends` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_availability_staff_idx` ON `staff_availability` (`staff_id`,`weekday`);--> statement-breakpoint
CREATE INDEX `staff_availability_store_idx` ON `staff_availability` (`store_id`,`weekday`);--> statement-breakpoint
CREATE TABLE `staff_time_off` (
	`id` text PRIMARY KEY NOT NULL,
	`staff_id` text NOT NULL,
	`store_id` text NOT NULL,
	`starts_at` integer NOT NULL,
	`ends_at` integer NOT NULL,
	`reason` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `staff_time_off_staff_idx` ON `staff_time_off` (`staff_id`,`ends_at`);--> statement-breakpoint
ALTER TABLE `stores` ADD `appointment_hours` text;