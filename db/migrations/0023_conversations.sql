ALTER TABLE `inbound_messages` ADD `subject` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `email_message_id` text;--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `assigned_staff_id` text REFERENCES staff(id);--> statement-breakpoint
ALTER TABLE `inbound_messages` ADD `assigned_at` integer;--> statement-breakpoint
CREATE INDEX `inbound_messages_store_channel_idx` ON `inbound_messages` (`store_id`,`channel`,`status`,`received_at`);--> statement-breakpoint
CREATE INDEX `inbound_messages_store_received_idx` ON `inbound_messages` (`store_id`,`received_at`);--> statement-breakpoint
ALTER TABLE `link_responses` ADD `answered_at` integer;--> statement-breakpoint
ALTER TABLE `link_responses` ADD `answered_by_staff_id` text REFERENCES staff(id);--> statement-breakpoint
CREATE INDEX `link_responses_store_questions_idx` ON `link_responses` (`store_id`,`kind`,`answered_at`,`created_at`);--> statement-breakpoint
-- Questions answered before this column existed: answered when the store's first answer on her page after them went out.
UPDATE link_responses SET
  answered_at = (SELECT min(o.created_at) FROM outbox o WHERE o.link_id = link_responses.link_id AND o.channel = 'page' AND o.created_at >= link_responses.created_at),
  answered_by_staff_id = (SELECT o.staff_id FROM outbox o WHERE o.link_id = link_responses.link_id AND o.channel = 'page' AND o.created_at >= link_responses.created_at ORDER BY o.created_at LIMIT 1)
WHERE kind = 'question';
