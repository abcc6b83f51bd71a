ALTER TABLE `social_mentions` ADD `assigned_staff_id` text REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `social_mentions` ADD `assigned_at` integer;