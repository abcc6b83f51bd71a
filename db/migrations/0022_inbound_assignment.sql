ALTER TABLE `inbound_messages` ADD `assigned_staff_id` text REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `assigned_at` integer;