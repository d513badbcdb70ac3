CREATE TABLE `blocklist` (
	`email` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `contact_activities` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`type` text NOT NULL,
	`source` text NOT NULL,
	`details` text,
	`actor` text,
	`occurred_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contact_activities_contact` ON `contact_activities` (`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE TABLE `contact_imports` (
	`id` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`file_name` text NOT NULL,
	`file_size` integer DEFAULT 0 NOT NULL,
	`settings` text,
	`job_id` text,
	`rows_done` integer DEFAULT 0 NOT NULL,
	`bytes_done` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`updated` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`failed` integer DEFAULT 0 NOT NULL,
	`added_to_topics` integer DEFAULT 0 NOT NULL,
	`errors` text DEFAULT '[]' NOT NULL,
	`message` text,
	`created_by` text,
	`created_at` integer NOT NULL,
	`finished_at` integer
);
--> statement-breakpoint
CREATE TABLE `contact_properties` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`label` text NOT NULL,
	`type` text NOT NULL,
	`source` text DEFAULT 'manual' NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_properties_key_unique` ON `contact_properties` (`key`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text,
	`first_name` text DEFAULT '' NOT NULL,
	`last_name` text DEFAULT '' NOT NULL,
	`language` text DEFAULT '' NOT NULL,
	`timezone` text DEFAULT '' NOT NULL,
	`source` text NOT NULL,
	`notes` text DEFAULT '' NOT NULL,
	`properties` text DEFAULT '{}' NOT NULL,
	`doi_status` text DEFAULT 'not_required' NOT NULL,
	`doi_token_hash` text,
	`doi_token_expires_at` integer,
	`doi_confirmed_at` integer,
	`unsubscribed_at` integer,
	`last_opened_at` integer,
	`last_clicked_at` integer,
	`last_engaged_at` integer,
	`soft_bounce_streak` integer DEFAULT 0 NOT NULL,
	`import_id` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`deleted_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contacts_email_live` ON `contacts` (`email`) WHERE deleted_at IS NULL;--> statement-breakpoint
CREATE INDEX `contacts_deleted` ON `contacts` (`deleted_at`) WHERE deleted_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX `contacts_doi_token` ON `contacts` (`doi_token_hash`) WHERE doi_token_hash IS NOT NULL;--> statement-breakpoint
CREATE TABLE `email_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`type` text NOT NULL,
	`campaign_id` text,
	`send_id` text,
	`link` text,
	`detail` text,
	`occurred_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `email_events_contact` ON `email_events` (`contact_id`,`occurred_at`);--> statement-breakpoint
CREATE INDEX `email_events_type` ON `email_events` (`type`,`occurred_at`,`contact_id`);--> statement-breakpoint
CREATE INDEX `email_events_campaign` ON `email_events` (`campaign_id`,`type`,`contact_id`);--> statement-breakpoint
CREATE TABLE `form_submissions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`form_id` text NOT NULL,
	`outcome` text NOT NULL,
	`email` text,
	`contact_id` integer,
	`data` text NOT NULL,
	`error` text,
	`ip` text,
	`user_agent` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`form_id`) REFERENCES `forms`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `form_submissions_form` ON `form_submissions` (`form_id`,`id`);--> statement-breakpoint
CREATE INDEX `form_submissions_meta` ON `form_submissions` (`created_at`) WHERE ip IS NOT NULL OR user_agent IS NOT NULL;--> statement-breakpoint
CREATE TABLE `forms` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`topic_id` integer,
	`redirect_url` text,
	`double_opt_in` integer DEFAULT false NOT NULL,
	`honeypot_field` text DEFAULT '_hp_field' NOT NULL,
	`fields` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`submission_count` integer DEFAULT 0 NOT NULL,
	`success_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `segments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`definition` text NOT NULL,
	`cached_count` integer,
	`counted_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `topic_members` (
	`topic_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	`source` text NOT NULL,
	`created_at` integer NOT NULL,
	PRIMARY KEY(`topic_id`, `contact_id`),
	FOREIGN KEY (`topic_id`) REFERENCES `topics`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `topic_members_contact` ON `topic_members` (`contact_id`,`topic_id`);--> statement-breakpoint
CREATE TABLE `topics` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`require_double_opt_in` integer DEFAULT true NOT NULL,
	`member_count` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
