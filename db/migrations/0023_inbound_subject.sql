ALTER TABLE `inbound_messages` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `email_message_id` text;