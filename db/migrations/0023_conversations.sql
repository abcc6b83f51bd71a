ALTER TABLE `inbound_messages` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `email_message_id` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `assigned_staff_id` text REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `assigned_at` integer;--> statement-breakpoint
CREATE INDEX `inbound_messages_store_channel_idx` ON `inbound_messages` (`store_id`,`channel`,`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_messages_store_received_idx` ON `inbound_messages` (`store_id`,`received_at`);