CREATE TABLE `media_assets` (
	`id` text PRIMARY KEY NOT NULL,
	`file_name` text NOT NULL,
	`mime` text NOT NULL,
	`ext` text NOT NULL,
	`bytes` integer NOT NULL,
	`sha256` text NOT NULL,
	`alt` text DEFAULT '' NOT NULL,
	`tags` text DEFAULT '[]' NOT NULL,
	`created_by` text,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `media_created` ON `media_assets` (`created_at`);--> statement-breakpoint
CREATE INDEX `media_sha` ON `media_assets` (`sha256`);