CREATE TABLE `mail_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`message_id` text NOT NULL,
	`recipient` text NOT NULL,
	`type` text NOT NULL,
	`class` text NOT NULL,
	`reason` text NOT NULL,
	`reply_code` integer,
	`reply_enhanced` text,
	`reply_text` text,
	`mx` text,
	`egress_ip` text,
	`attempt` integer NOT NULL,
	`source` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `mail_events_at` ON `mail_events` (`at`);--> statement-breakpoint
CREATE INDEX `mail_events_type_at` ON `mail_events` (`type`,`at`);--> statement-breakpoint
CREATE INDEX `mail_events_message` ON `mail_events` (`message_id`);--> statement-breakpoint
CREATE INDEX `mail_events_recipient` ON `mail_events` (`recipient`,`at`);