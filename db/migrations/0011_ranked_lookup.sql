CREATE TABLE `search_word_trigrams` (
	`trigram` text NOT NULL,
	`word` text NOT NULL,
	PRIMARY KEY(`trigram`, `word`)
);
--> statement-breakpoint
ALTER TABLE `customer_search_terms` ADD `home_store_id` text;--> statement-breakpoint
ALTER TABLE `customer_search_terms` ADD `assigned_staff_id` text;--> statement-breakpoint
UPDATE `customer_search_terms` SET
	`home_store_id` = (SELECT `home_store_id` FROM `customers` WHERE `customers`.`id` = `customer_search_terms`.`customer_id`),
	`assigned_staff_id` = (SELECT `assigned_staff_id` FROM `customers` WHERE `customers`.`id` = `customer_search_terms`.`customer_id`);--> statement-breakpoint
WITH RECURSIVE `words`(`word`, `padded`) AS (
	SELECT DISTINCT `term`, '  ' || `term` || ' ' FROM `customer_search_terms` WHERE `kind` = 'name'
), `grams`(`word`, `padded`, `i`) AS (
	SELECT `word`, `padded`, 1 FROM `words`
	UNION ALL
	SELECT `word`, `padded`, `i` + 1 FROM `grams` WHERE `i` + 3 <= length(`padded`)
)
INSERT OR IGNORE INTO `search_word_trigrams` (`trigram`, `word`) SELECT substr(`padded`, `i`, 3), `word` FROM `grams`;--> statement-breakpoint
CREATE INDEX `customer_search_terms_staff_idx` ON `customer_search_terms` (`assigned_staff_id`,`term`);--> statement-breakpoint
CREATE INDEX `customer_search_terms_store_idx` ON `customer_search_terms` (`home_store_id`,`term`);--> statement-breakpoint
CREATE INDEX `online_events_unlinked_idx` ON `online_events` (`anonymous_id`) WHERE customer_id is null;
