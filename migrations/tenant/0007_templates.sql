CREATE TABLE `email_templates` (
	`id` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`slug` text,
	`subject` text DEFAULT '' NOT NULL,
	`preheader` text DEFAULT '' NOT NULL,
	`document` text NOT NULL,
	`plain_text_override` text,
	`status` text DEFAULT 'draft' NOT NULL,
	`default_language` text DEFAULT 'en' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`created_by` text,
	`updated_by` text,
	`published_at` integer
);
--> statement-breakpoint
CREATE INDEX `email_templates_kind` ON `email_templates` (`kind`,`updated_at`);--> statement-breakpoint
CREATE UNIQUE INDEX `email_templates_slug` ON `email_templates` (`slug`);--> statement-breakpoint
CREATE TABLE `template_translations` (
	`template_id` text NOT NULL,
	`language` text NOT NULL,
	`values` text NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`template_id`, `language`),
	FOREIGN KEY (`template_id`) REFERENCES `email_templates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `template_versions` (
	`id` text PRIMARY KEY NOT NULL,
	`template_id` text NOT NULL,
	`reason` text NOT NULL,
	`subject` text NOT NULL,
	`preheader` text NOT NULL,
	`document` text NOT NULL,
	`created_at` integer NOT NULL,
	`created_by` text,
	FOREIGN KEY (`template_id`) REFERENCES `email_templates`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `template_versions_template` ON `template_versions` (`template_id`,`created_at`);