CREATE TABLE `offline_changes` (
	`staff_id` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`customer_id` text NOT NULL,
	`outcome` text NOT NULL,
	`made_at` integer NOT NULL,
	`applied_at` integer NOT NULL,
	PRIMARY KEY(`staff_id`, `key`),
	FOREIGN KEY (`staff_id`) REFERENCES `staff`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`customer_id`) REFERENCES `customers`(`id`) ON UPDATE no action ON DELETE cascade
);
