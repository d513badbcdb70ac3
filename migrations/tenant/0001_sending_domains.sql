CREATE TABLE `dkim_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`domain_id` text NOT NULL,
	`selector` text NOT NULL,
	`algorithm` text NOT NULL,
	`public_key` text NOT NULL,
	`private_key_sealed` text NOT NULL,
	`status` text NOT NULL,
	`created_at` integer NOT NULL,
	`activated_at` integer,
	`retire_at` integer,
	FOREIGN KEY (`domain_id`) REFERENCES `sending_domains`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dkim_keys_domain` ON `dkim_keys` (`domain_id`,`status`);--> statement-breakpoint
CREATE TABLE `sending_domains` (
	`id` text PRIMARY KEY NOT NULL,
	`domain` text NOT NULL,
	`status` text NOT NULL,
	`dmarc_policy` text DEFAULT 'none' NOT NULL,
	`checks` text,
	`created_at` integer NOT NULL,
	`verified_at` integer,
	`last_checked_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sending_domains_domain` ON `sending_domains` (`domain`);